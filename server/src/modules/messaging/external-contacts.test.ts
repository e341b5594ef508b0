import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { updateAppSettings } from '../apps/index.js';
import { listWorkbenchApps } from '../chat/index.js';
import { sendAppMessage } from './messaging.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

/**
 * Issue 11 case 4: an external contact whose visible departments are 市场部 is reached by an app only when
 * the app is opened to external contacts (off by default) and its scope holds them.
 */
async function givenOrgWithSupplier() {
  const org = await given.org(store.db);
  const market = await given.department(org.ctx, '市场部');
  const inMarket = [{ id: market.id, order: 0, isLeader: false }];
  const staff = await given.member(org.ctx, { userId: 'seller', departments: inMarket });
  const supplier = await given.member(org.ctx, {
    userId: 'supplier',
    kind: 'external',
    externalCorpName: '通威饲料',
    externalScope: [market.id],
    departments: inMarket,
  });
  const { app } = await given.app(org.ctx, { name: '内部通知' });
  const send = (audience: Parameters<typeof sendAppMessage>[1]['audience']) =>
    sendAppMessage(org.ctx, {
      app: { id: app.id, agentId: app.agentId },
      audience,
      msgType: 'text',
      payload: { content: '本周例会' },
    });
  const workbenchOf = async (member: { id: number; userId: string }) =>
    (await listWorkbenchApps(given.as(org.ctx, { kind: 'member', memberId: member.id, userId: member.userId }))).map(
      (a) => a.name,
    );
  return { ...org, market, staff, supplier, app, send, workbenchOf };
}

describe('an internal app (not opened to external contacts, the default)', () => {
  it('leaves external contacts out of @all, of departments and of tags, and names them invalid when named', async () => {
    const o = await givenOrgWithSupplier();
    expect((await o.send({ all: true })).recipients).toBe(1);
    expect((await o.send({ departmentIds: [o.market.id] })).recipients).toBe(1);
    const named = await o.send({ userIds: ['seller', 'supplier'] });
    expect(named).toMatchObject({ recipients: 1, invalidUserIds: ['supplier'] });
  });

  it('is not on an external contact’s workbench, and is on staff’s', async () => {
    const o = await givenOrgWithSupplier();
    expect(await o.workbenchOf(o.supplier)).toEqual([]);
    expect(await o.workbenchOf(o.staff)).toEqual(['内部通知']);
  });
});

describe('an app opened to external contacts', () => {
  it('reaches the external contacts its scope holds, and shows on their workbench', async () => {
    const o = await givenOrgWithSupplier();
    await updateAppSettings(o.ctx, o.app.agentId, { externalContacts: true });
    expect((await o.send({ all: true })).recipients).toBe(2);
    expect((await o.send({ userIds: ['supplier'] })).recipients).toBe(1);
    expect(await o.workbenchOf(o.supplier)).toEqual(['内部通知']);

    await updateAppSettings(o.ctx, o.app.agentId, { externalContacts: false });
    expect((await o.send({ all: true })).recipients).toBe(1);
    expect(await o.workbenchOf(o.supplier)).toEqual([]);
  });
});

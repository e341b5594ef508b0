import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../../platform/context.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { issueToken, resolveToken } from '../access-tokens/index.js';
import { createTag } from '../directory/index.js';
import {
  getAppDetails,
  listAppsTrustingHost,
  replaceAppScope,
  setAppEnabled,
  updateAppSettings,
} from './apps.settings.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const asDepartmentAdmin = (ctx: OrgContext) =>
  given.as(ctx, { kind: 'admin', adminId: 999, role: 'department_admin', departmentId: 1 });

async function orgWithApp() {
  const org = await given.org(store.db);
  const { app, secret } = await given.app(org.ctx, { name: 'Portal' });
  const asApp = given.as(org.ctx, {
    kind: 'app',
    appId: app.id,
    agentId: app.agentId,
    canWriteDirectory: false,
    scope: { memberIds: [], departmentIds: [1], tagIds: [] },
  });
  return { ...org, app, secret, asApp };
}

describe('app details', () => {
  it('start with the whole org in scope, no menu and empty settings', async () => {
    const { ctx, app } = await orgWithApp();
    expect(await getAppDetails(ctx, app.agentId)).toEqual({
      ...app,
      squareLogoUrl: '',
      homeUrl: '',
      redirectDomain: '',
      reportLocation: false,
      reportEnter: false,
      externalContacts: false,
      menu: null,
      scope: { memberUserIds: [], departmentIds: [1], tagIds: [] },
    });
  });

  it('refuses an unknown agent id', async () => {
    const { ctx } = await orgWithApp();
    await expect(getAppDetails(ctx, 4242)).rejects.toMatchObject({ code: 'app.not_found' });
  });
});

describe('updateAppSettings', () => {
  it('changes only the fields given, trimming text', async () => {
    const { ctx, app } = await orgWithApp();
    const updated = await updateAppSettings(ctx, app.agentId, {
      name: '  门户 ',
      description: '公司门户应用',
      homeUrl: 'https://portal.example.com/home',
      redirectDomain: 'Portal.Example.com',
      reportLocation: true,
      logo: { url: 'https://cdn.example.com/logo.png' },
    });
    expect(updated).toMatchObject({
      name: '门户',
      description: '公司门户应用',
      homeUrl: 'https://portal.example.com/home',
      redirectDomain: 'portal.example.com',
      reportLocation: true,
      reportEnter: false,
      squareLogoUrl: 'https://cdn.example.com/logo.png',
    });
    const again = await updateAppSettings(ctx, app.agentId, { reportEnter: true, logo: null });
    expect(again).toMatchObject({ name: '门户', reportLocation: true, reportEnter: true, squareLogoUrl: '' });
  });

  it('refuses names of 0 or more than 32 characters and descriptions outside 4–120', async () => {
    const { ctx, app } = await orgWithApp();
    const update = (options: Parameters<typeof updateAppSettings>[2]) => updateAppSettings(ctx, app.agentId, options);
    await expect(update({ name: '  ' })).rejects.toMatchObject({ code: 'app.invalid_name' });
    await expect(update({ name: '名'.repeat(33) })).rejects.toMatchObject({ code: 'app.invalid_name' });
    expect(await update({ name: '名'.repeat(32) })).toMatchObject({ name: '名'.repeat(32) });
    await expect(update({ description: 'abc' })).rejects.toMatchObject({ code: 'app.invalid_description' });
    await expect(update({ description: 'x'.repeat(121) })).rejects.toMatchObject({ code: 'app.invalid_description' });
    expect(await update({ description: '四个汉字' })).toMatchObject({ description: '四个汉字' });
  });

  it('refuses a home URL that is not http(s), a bad domain and a logo that is not ours', async () => {
    const { ctx, app } = await orgWithApp();
    const update = (options: Parameters<typeof updateAppSettings>[2]) => updateAppSettings(ctx, app.agentId, options);
    await expect(update({ homeUrl: 'javascript:alert(1)' })).rejects.toMatchObject({ code: 'app.invalid_home_url' });
    await expect(update({ homeUrl: 'ftp://example.com' })).rejects.toMatchObject({ code: 'app.invalid_home_url' });
    await expect(update({ redirectDomain: 'http://x.com/a' })).rejects.toMatchObject({
      code: 'app.invalid_redirect_domain',
    });
    await expect(update({ logo: { url: 'data:image/png;base64,AA' } })).rejects.toMatchObject({
      code: 'app.invalid_logo_url',
    });
    await expect(update({ logo: { mediaId: 'iNotOurs' } })).rejects.toMatchObject({ code: 'app.invalid_logo_url' });
    expect(await update({ homeUrl: '' })).toMatchObject({ homeUrl: '' });
  });

  it('lets the app change itself, but not another app, and not a department admin', async () => {
    const { ctx, app, asApp } = await orgWithApp();
    const { app: other } = await given.app(ctx, { name: 'Other' });
    expect(await updateAppSettings(asApp, app.agentId, { homeUrl: 'http://a.example' })).toMatchObject({
      homeUrl: 'http://a.example',
    });
    await expect(updateAppSettings(asApp, other.agentId, { name: 'Mine' })).rejects.toMatchObject({
      code: 'app.no_privilege',
    });
    await expect(updateAppSettings(asDepartmentAdmin(ctx), app.agentId, { name: 'X' })).rejects.toMatchObject({
      code: 'app.no_privilege',
    });
  });

  it('does not change another org’s app with the same agent id', async () => {
    const a = await orgWithApp();
    const b = await orgWithApp();
    expect(a.app.agentId).toBe(b.app.agentId);
    await updateAppSettings(a.ctx, a.app.agentId, { name: 'Only A' });
    expect((await getAppDetails(b.ctx, b.app.agentId)).name).toBe('Portal');
  });
});

describe('the trusted domain (可信域名)', () => {
  it('is one exact host: lower case, a default port dropped, no scheme, path or wildcard', async () => {
    const { ctx, app } = await orgWithApp();
    const set = (redirectDomain: string) => updateAppSettings(ctx, app.agentId, { redirectDomain });
    expect(await set(' App.Example.com:443 ')).toMatchObject({ redirectDomain: 'app.example.com' });
    expect(await set('app.example.com:80')).toMatchObject({ redirectDomain: 'app.example.com' });
    expect(await set('app.test:8080')).toMatchObject({ redirectDomain: 'app.test:8080' });
    for (const bad of ['https://app.example.com', 'app.example.com/cb', '*.example.com', 'a b.com']) {
      await expect(set(bad), bad).rejects.toMatchObject({ code: 'app.invalid_redirect_domain' });
    }
    expect(await set('')).toMatchObject({ redirectDomain: '' });
  });

  it("lists the org's enabled apps trusting a host, not another org's nor a disabled one", async () => {
    const a = await orgWithApp();
    const b = await orgWithApp();
    const { app: second } = await given.app(a.ctx, { name: 'Second' });
    const { app: off } = await given.app(a.ctx, { name: 'Off' });
    for (const [org, agentId] of [
      [a, a.app.agentId],
      [a, second.agentId],
      [a, off.agentId],
      [b, b.app.agentId],
    ] as const) {
      await updateAppSettings(org.ctx, agentId, { redirectDomain: 'app.example.com' });
    }
    await setAppEnabled(a.ctx, off.agentId, false);
    const trusting = await listAppsTrustingHost(store.db, a.orgId, 'APP.example.com');
    expect(trusting.map((r) => r.agent_id)).toEqual([a.app.agentId, second.agentId]);
    expect(await listAppsTrustingHost(store.db, a.orgId, 'other.example.com')).toEqual([]);
    expect(await listAppsTrustingHost(store.db, a.orgId, '')).toEqual([]);
  });
});

describe('setAppEnabled', () => {
  it('disables an app: its live tokens and new gettoken calls fail; enabling restores them', async () => {
    const { ctx, app, secret, corpId } = await orgWithApp();
    const { accessToken } = await issueToken(store.db, corpId, secret);
    await resolveToken(store.db, accessToken);
    expect(await setAppEnabled(ctx, app.agentId, false)).toMatchObject({ isEnabled: false });
    await expect(resolveToken(store.db, accessToken)).rejects.toMatchObject({ code: 'token.app_disabled' });
    await expect(issueToken(store.db, corpId, secret)).rejects.toMatchObject({ code: 'token.app_disabled' });
    expect(await setAppEnabled(ctx, app.agentId, true)).toMatchObject({ isEnabled: true });
    await expect(resolveToken(store.db, accessToken)).resolves.toMatchObject({ orgId: ctx.orgId });
  });

  it('is for the owner and org-wide admins only', async () => {
    const { ctx, app, asApp } = await orgWithApp();
    await expect(setAppEnabled(asDepartmentAdmin(ctx), app.agentId, false)).rejects.toMatchObject({
      code: 'app.no_privilege',
    });
    await expect(setAppEnabled(asApp, app.agentId, false)).rejects.toMatchObject({ code: 'app.no_privilege' });
    await expect(setAppEnabled(given.as(ctx, { kind: 'system' }), app.agentId, false)).resolves.toMatchObject({
      isEnabled: false,
    });
  });
});

describe('replaceAppScope', () => {
  it('names members by userid (any case), departments and tags, and reads them back', async () => {
    const { ctx, app } = await orgWithApp();
    const sales = await given.department(ctx, 'Sales');
    await given.member(ctx, { userId: 'Alice' });
    await given.member(ctx, { userId: 'bob' });
    const tag = await createTag(ctx, { name: 'Leads' });
    const details = await replaceAppScope(ctx, app.agentId, {
      userIds: ['alice', 'BOB', 'bob'],
      departmentIds: [sales.id],
      tagIds: [tag.id],
    });
    expect(details.scope.memberUserIds.sort()).toEqual(['Alice', 'bob']);
    expect(details.scope).toMatchObject({ departmentIds: [sales.id], tagIds: [tag.id] });
    const empty = await replaceAppScope(ctx, app.agentId, { userIds: [], departmentIds: [], tagIds: [] });
    expect(empty.scope).toEqual({ memberUserIds: [], departmentIds: [], tagIds: [] });
  });

  it('refuses unknown members, departments and tags, changing nothing', async () => {
    const { ctx, app } = await orgWithApp();
    const replace = (change: { userIds?: string[]; departmentIds?: number[]; tagIds?: number[] }) =>
      replaceAppScope(ctx, app.agentId, { userIds: [], departmentIds: [], tagIds: [], ...change });
    await expect(replace({ userIds: ['ghost'] })).rejects.toMatchObject({
      code: 'app.scope_unknown_members',
      details: { userIds: ['ghost'] },
    });
    await expect(replace({ departmentIds: [404] })).rejects.toMatchObject({ code: 'app.scope_unknown_departments' });
    await expect(replace({ tagIds: [404] })).rejects.toMatchObject({ code: 'app.scope_unknown_tags' });
    expect((await getAppDetails(ctx, app.agentId)).scope.departmentIds).toEqual([1]);
  });

  it('refuses another org’s members, and department admins', async () => {
    const a = await orgWithApp();
    const b = await orgWithApp();
    await given.member(b.ctx, { userId: 'only-in-b' });
    await expect(
      replaceAppScope(a.ctx, a.app.agentId, { userIds: ['only-in-b'], departmentIds: [], tagIds: [] }),
    ).rejects.toMatchObject({ code: 'app.scope_unknown_members' });
    await expect(
      replaceAppScope(asDepartmentAdmin(a.ctx), a.app.agentId, { userIds: [], departmentIds: [1], tagIds: [] }),
    ).rejects.toMatchObject({ code: 'app.no_privilege' });
  });
});

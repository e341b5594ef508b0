import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { reusableQuery } from './reusable-query.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const memberNamed = reusableQuery(
  (db) => db.selectFrom('members').select(['user_id', 'name']).where('org_id', '=', 0).where('user_id', '=', ''),
  (orgId: number, userId: string) => [orgId, userId],
);

describe('a reusable query', () => {
  it('runs with new values each time, on the store and inside a transaction, and keeps orgs apart', async () => {
    const a = await given.org(store.db);
    const b = await given.org(store.db);
    await given.member(a.ctx, { userId: 'same', name: 'In A' });
    await given.member(b.ctx, { userId: 'same', name: 'In B' });
    expect(await memberNamed(store.db, a.orgId, 'same')).toEqual([{ user_id: 'same', name: 'In A' }]);
    expect(await memberNamed(store.db, b.orgId, 'same')).toEqual([{ user_id: 'same', name: 'In B' }]);
    expect(await memberNamed(store.db, a.orgId, 'other')).toEqual([]);
    const inTx = await store.db.transaction().execute((tx) => memberNamed(tx, b.orgId, 'same'));
    expect(inTx).toEqual([{ user_id: 'same', name: 'In B' }]);
  });

  it('refuses values that do not match its placeholders', async () => {
    const broken = reusableQuery(
      (db) => db.selectFrom('members').select('id').where('org_id', '=', 0),
      (orgId: number, extra: number) => [orgId, extra],
    );
    await expect(broken(store.db, 1, 2)).rejects.toThrow(/takes 1 values, got 2/);
  });
});

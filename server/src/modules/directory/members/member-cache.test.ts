import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { given } from '../../../testing/given.js';
import { createTestStore, type TestStore } from '../../../testing/test-store.js';
import { cachedMember, forgetCachedMembers, onMembersWritten, writeMembers } from './member-cache.js';
import * as repo from './members.repository.js';
import { activateMember, deleteMembers, getMember, setMemberEnabled, updateMember } from './members.service.js';

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());
afterEach(() => {
  vi.useRealTimers();
});

/** Counts the store reads behind `findByUserId` (the cache's misses). */
function countingReads() {
  const spy = vi.spyOn(store.db, 'executeQuery');
  return {
    reads: () => spy.mock.calls.filter(([query]) => 'sql' in query && query.sql.includes('"user_id_lower" =')).length,
    restore: () => spy.mockRestore(),
  };
}

describe('the member cache', () => {
  it('serves repeated reads from memory, and a write in this process is seen by the next read', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx, { position: '工程师' });
    const counting = countingReads();
    try {
      expect((await getMember(ctx, m.userId)).position).toBe('工程师');
      expect((await getMember(ctx, m.userId.toUpperCase())).position).toBe('工程师');
      expect(counting.reads()).toBe(1);
      await updateMember(ctx, m.userId, { position: '经理', departments: [{ id: 1, order: 7, isLeader: true }] });
      const after = await getMember(ctx, m.userId);
      expect(after.position).toBe('经理');
      expect(after.departments).toEqual([{ id: 1, order: 7, isLeader: true }]);
      expect(counting.reads()).toBe(2);
    } finally {
      counting.restore();
    }
  });

  it('forgets on every kind of member write: status, activation, deletion', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx);
    expect((await getMember(ctx, m.userId)).status).toBe('invited');
    expect(await activateMember(store.db, ctx.orgId, m.id)).toBe(true);
    expect((await getMember(ctx, m.userId)).status).toBe('active');
    // A second device's activation finds the member active: still admitted, nothing written.
    expect(await activateMember(store.db, ctx.orgId, m.id)).toBe(true);
    await setMemberEnabled(ctx, m.userId, false);
    expect((await getMember(ctx, m.userId)).status).toBe('disabled');
    // Disabled after the code was sent: activation changes nothing and says so.
    expect(await activateMember(store.db, ctx.orgId, m.id)).toBe(false);
    expect((await getMember(ctx, m.userId)).status).toBe('disabled');
    await deleteMembers(ctx, [m.userId]);
    await expect(getMember(ctx, m.userId)).rejects.toMatchObject({ code: 'member.not_found' });
  });

  it('keeps one org apart from another', async () => {
    const a = await given.org(store.db);
    const b = await given.org(store.db);
    await given.member(a.ctx, { userId: 'same', name: 'A 的成员' });
    await given.member(b.ctx, { userId: 'same', name: 'B 的成员' });
    expect((await getMember(a.ctx, 'same')).name).toBe('A 的成员');
    expect((await getMember(b.ctx, 'same')).name).toBe('B 的成员');
    await updateMember(b.ctx, 'same', { name: 'B 改名' });
    expect((await getMember(a.ctx, 'same')).name).toBe('A 的成员');
    expect((await getMember(b.ctx, 'same')).name).toBe('B 改名');
  });

  it('stores nothing read while a write was forgetting: the next read goes to the store again', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx);
    let reads = 0;
    const racingRead = async () => {
      reads += 1;
      forgetCachedMembers(store.db, ctx.orgId); // a write ended while this read ran
      return { ...m, departments: [...m.departments] };
    };
    await cachedMember(store.db, ctx.orgId, 'raced', racingRead);
    await cachedMember(store.db, ctx.orgId, 'raced', racingRead);
    expect(reads).toBe(2);
  });

  it('reads again once an entry is older than five seconds (the bound for a lost bus message)', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx);
    vi.useFakeTimers({ toFake: ['Date'] });
    const counting = countingReads();
    try {
      await getMember(ctx, m.userId);
      vi.setSystemTime(Date.now() + 4_900);
      await getMember(ctx, m.userId);
      expect(counting.reads()).toBe(1);
      vi.setSystemTime(Date.now() + 200);
      await getMember(ctx, m.userId);
      expect(counting.reads()).toBe(2);
    } finally {
      counting.restore();
    }
  });

  it('never serves a transaction from memory, and hands out members that cannot be changed by accident', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx, { name: '原名' });
    const cached = await getMember(ctx, m.userId);
    expect(() => {
      (cached as { name: string }).name = '改了';
    }).toThrow(TypeError);
    expect(() => (cached.departments as unknown[]).push(1)).toThrow(TypeError);
    const withAttrs = await given.member(ctx, {
      extattr: { attrs: [{ type: 0, name: '工号', text: { value: '7' } }] },
    });
    const nested = (await getMember(ctx, withAttrs.userId)).extattr as { attrs: { name: string }[] };
    expect(() => ((nested.attrs[0] as { name: string }).name = '改了')).toThrow(TypeError);
    // Inside a transaction a member's own uncommitted write is what the read sees.
    await writeMembers(store.db, ctx.orgId, async (tx) => {
      await repo.setStatus(tx, ctx.orgId, m.id, 'disabled');
      expect((await repo.findByUserId(tx, ctx.orgId, m.userId))?.status).toBe('disabled');
    });
    expect((await getMember(ctx, m.userId)).status).toBe('disabled');
  });

  it('forgets after a failed transaction too, and tells the listeners (which tell the other processes)', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx);
    await getMember(ctx, m.userId);
    const heard: number[] = [];
    const stop = onMembersWritten((_db, orgId) => heard.push(orgId));
    const counting = countingReads();
    try {
      await expect(
        writeMembers(store.db, ctx.orgId, async () => {
          throw new Error('refused halfway');
        }),
      ).rejects.toThrow('refused halfway');
      expect(heard).toEqual([ctx.orgId]);
      await getMember(ctx, m.userId);
      expect(counting.reads()).toBe(1);
    } finally {
      stop();
      counting.restore();
    }
  });

  it('admits member writes only through writeMembers (checked by the compiler)', async () => {
    const { ctx } = await given.org(store.db);
    const m = await given.member(ctx);
    await getMember(ctx, m.userId);
    await store.db.transaction().execute(async (tx) => {
      // @ts-expect-error a plain transaction cannot write members: the cache would not hear of it
      await repo.setStatus(tx, ctx.orgId, m.id, 'disabled');
    });
    // What a bypassing write would leave: the member as cached before it (hence the compiler's rule).
    expect((await getMember(ctx, m.userId)).status).toBe('invited');
    forgetCachedMembers(store.db, ctx.orgId);
    expect((await getMember(ctx, m.userId)).status).toBe('disabled');
  });
});

import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, tabOf, type MemberRoute } from './member-route';

describe('member routes', () => {
  it('round-trips every page through the hash', () => {
    const routes: MemberRoute[] = [
      { name: 'chats' },
      { name: 'chat', conversation: 'dm:alice:bob' },
      { name: 'chat', conversation: 'group:12' },
      { name: 'chat', conversation: 'group:12', seq: 42 },
      { name: 'group', id: '12' },
      { name: 'new-group' },
      { name: 'contacts' },
      { name: 'department', id: 3 },
      { name: 'member', userId: 'zhang.san' },
      { name: 'work' },
      { name: 'app', agentId: 1000002 },
      { name: 'me' },
      { name: 'devices' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('falls back to the chats tab for unknown or broken hashes', () => {
    expect(parseRoute('')).toEqual({ name: 'chats' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'chats' });
    expect(parseRoute('#/department/abc')).toEqual({ name: 'contacts' });
    expect(parseRoute('#/chat/%E0%A4%A')).toEqual({ name: 'chats' });
  });

  it('shows the tab bar only on tab pages', () => {
    expect(tabOf({ name: 'work' })).toBe('work');
    expect(tabOf({ name: 'chat', conversation: 'app:1' })).toBeNull();
  });
});

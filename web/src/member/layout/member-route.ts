import { useSyncExternalStore } from 'react';

/** Pages of the signed-in client; the hash holds them (`/m/#/chats`) so reload and back keep the page. */
export type MemberRoute =
  | { name: 'chats' }
  | { name: 'chat'; conversation: string; seq?: number }
  | { name: 'group'; id: string }
  | { name: 'new-group' }
  | { name: 'contacts' }
  | { name: 'department'; id: number }
  | { name: 'member'; userId: string }
  | { name: 'work' }
  | { name: 'app'; agentId: number }
  | { name: 'me' }
  | { name: 'devices' };

export type TabName = 'chats' | 'contacts' | 'work' | 'me';

const decode = (part: string | undefined): string => {
  try {
    return decodeURIComponent(part ?? '');
  } catch {
    return '';
  }
};

function withSeq(route: { name: 'chat'; conversation: string }, seq: string | null): MemberRoute {
  const n = Number(seq);
  return seq && Number.isInteger(n) && n > 0 ? { ...route, seq: n } : route;
}

export function parseRoute(hash: string): MemberRoute {
  const [path, search] = hash.replace(/^#\/?/, '').split('?');
  const [head, arg] = (path ?? '').split('/');
  const value = decode(arg);
  const id = Number(value);
  switch (head) {
    case 'chat':
      if (!value) return { name: 'chats' };
      return withSeq({ name: 'chat', conversation: value }, new URLSearchParams(search ?? '').get('seq'));
    case 'group':
      return value ? { name: 'group', id: value } : { name: 'chats' };
    case 'new-group':
      return { name: 'new-group' };
    case 'contacts':
      return { name: 'contacts' };
    case 'department':
      return Number.isInteger(id) && id > 0 ? { name: 'department', id } : { name: 'contacts' };
    case 'member':
      return value ? { name: 'member', userId: value } : { name: 'contacts' };
    case 'work':
      return { name: 'work' };
    case 'app':
      return Number.isInteger(id) && id > 0 ? { name: 'app', agentId: id } : { name: 'work' };
    case 'me':
      return { name: 'me' };
    case 'devices':
      return { name: 'devices' };
    default:
      return { name: 'chats' };
  }
}

export function routeHash(route: MemberRoute): string {
  switch (route.name) {
    case 'chat':
      return `#/chat/${encodeURIComponent(route.conversation)}${route.seq ? `?seq=${route.seq}` : ''}`;
    case 'group':
      return `#/group/${encodeURIComponent(route.id)}`;
    case 'department':
      return `#/department/${route.id}`;
    case 'member':
      return `#/member/${encodeURIComponent(route.userId)}`;
    case 'app':
      return `#/app/${route.agentId}`;
    default:
      return `#/${route.name}`;
  }
}

/** The tab a page belongs to; pages of their own (a conversation, an app) hide the tab bar. */
export function tabOf(route: MemberRoute): TabName | null {
  switch (route.name) {
    case 'chats':
    case 'contacts':
    case 'work':
    case 'me':
      return route.name;
    default:
      return null;
  }
}

/** The tab a page is reached from: where "back" leads when the page was opened directly. */
export function homeTabOf(route: MemberRoute): TabName {
  switch (route.name) {
    case 'chat':
    case 'group':
    case 'new-group':
      return 'chats';
    case 'department':
    case 'member':
      return 'contacts';
    case 'app':
      return 'work';
    case 'devices':
      return 'me';
    default:
      return route.name;
  }
}

/** How many pages this tab has opened inside the client: back only goes back within them. */
let steps = 0;

export function navigate(route: MemberRoute): void {
  const hash = routeHash(route);
  if (window.location.hash === hash) return;
  steps += 1;
  window.location.hash = hash;
}

/** Back to where the member came from, or to `fallback` when the page was opened directly. */
export function goBack(fallback: MemberRoute): void {
  if (steps > 0) {
    steps -= 1;
    window.history.back();
  } else {
    window.location.replace(routeHash(fallback));
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

export function useMemberRoute(): MemberRoute {
  return parseRoute(useSyncExternalStore(subscribe, readHash));
}

import type { Db, Queryable, Tx } from '../../../platform/db/database.js';
import type { Member } from './members.types.js';

/**
 * Members read by userid, kept in this process for a few seconds (ADR 0016): `user/get` is the open API's
 * hottest read and its two queries cost more than the rest of the request.
 *
 * Every write to a member happens in a transaction made by `writeMembers`, which forgets the org's members
 * once the transaction has ended; the type `MemberTx` is what the repository's writes demand, so a write
 * cannot bypass it. A read that raced a write stores nothing (the org's generation moved on while it ran).
 * Other processes of a cluster forget when the bus tells them (like access tokens, ADR 0004); the TTL bounds
 * the staleness a lost bus message could leave. Reads inside a transaction never use the cache.
 */
const TTL_MS = 5000;
const MAX_ENTRIES = 20_000;

declare const memberWrites: unique symbol;
/** A transaction allowed to write members: only `writeMembers` makes one. */
export type MemberTx = Tx & { readonly [memberWrites]: true };

type Entry = { member: Member; at: number };
type OrgEntries = { generation: number; entries: Map<string, Entry> };
type Cache = { orgs: Map<number, OrgEntries>; size: number };

const caches = new WeakMap<Db, Cache>();
const forgetListeners = new Set<(db: Db, orgId: number) => void>();

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { orgs: new Map(), size: 0 }));
  return cache;
}

function orgOf(cache: Cache, orgId: number): OrgEntries {
  let org = cache.orgs.get(orgId);
  if (!org) cache.orgs.set(orgId, (org = { generation: 0, entries: new Map() }));
  return org;
}

/** Freezes a value and everything in it (a member's extattr nests objects and arrays). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A member by lower-cased userid through the cache; `read` loads it from the store on a miss. The member
 * returned is frozen: callers copy before changing it.
 */
export async function cachedMember(
  db: Queryable,
  orgId: number,
  userIdLower: string,
  read: () => Promise<Member | undefined>,
): Promise<Member | undefined> {
  if (db.isTransaction) return read();
  const cache = cacheOf(db as Db);
  const org = orgOf(cache, orgId);
  const hit = org.entries.get(userIdLower);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.member;
  const generation = org.generation;
  const member = await read();
  // Written meanwhile (here, or in another process and heard on the bus): what was read may be older.
  if (!member || org.generation !== generation) return member;
  if (cache.size >= MAX_ENTRIES) forgetAll(cache);
  if (!org.entries.has(userIdLower)) cache.size += 1;
  org.entries.set(userIdLower, { member: deepFreeze(member), at: now });
  return member;
}

function forgetAll(cache: Cache): void {
  for (const org of cache.orgs.values()) {
    org.generation += 1;
    org.entries.clear();
  }
  cache.size = 0;
}

/** Forgets this process's cached members of an org: what a write here, or one heard on the bus, does. */
export function forgetCachedMembers(db: Db, orgId: number): void {
  const cache = caches.get(db);
  const org = cache?.orgs.get(orgId);
  if (!cache || !org) return;
  org.generation += 1;
  cache.size -= org.entries.size;
  org.entries.clear();
}

/**
 * Runs writes to an org's members in one transaction, then forgets the org's cached members here and tells
 * the listeners (the app wiring publishes it to the other processes). Forgets after a failure too: a
 * COMMIT whose answer was lost may still have happened.
 */
export async function writeMembers<T>(db: Db, orgId: number, work: (tx: MemberTx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute((tx) => work(tx as MemberTx));
  } finally {
    forgetCachedMembers(db, orgId);
    for (const listener of forgetListeners) listener(db, orgId);
  }
}

/** The app wiring listens here to publish member writes on the bus. */
export function onMembersWritten(listener: (db: Db, orgId: number) => void): () => void {
  forgetListeners.add(listener);
  return () => forgetListeners.delete(listener);
}

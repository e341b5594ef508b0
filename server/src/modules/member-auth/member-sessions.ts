import type { Db, Queryable } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { hashToken, randomToken } from '../../platform/secrets.js';
import { memberAuthErrors as E } from './member-auth.errors.js';

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export type MemberSession = { sessionId: number; orgId: number; memberId: number; userId: string; csrfToken: string };

/** Opens a session on a device; the cookie carries the token, we keep its hash. */
export async function openSession(db: Queryable, orgId: number, memberId: number, device: string) {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = Date.now();
  await db
    .insertInto('member_sessions')
    .values({
      token_hash: hashToken(token),
      org_id: orgId,
      member_id: memberId,
      csrf_token: csrfToken,
      device: device.slice(0, 200) || 'unknown device',
      created_at: now,
      last_seen_at: now,
      expires_at: now + SESSION_TTL_MS,
    })
    .execute();
  return { token, csrfToken, maxAgeSeconds: SESSION_TTL_MS / 1000 };
}

/** The member a session token stands for, if the session is live and the member not disabled. */
export async function resolveSession(db: Db, token: string): Promise<MemberSession | undefined> {
  const row = await db
    .selectFrom('member_sessions')
    .innerJoin('members', 'members.id', 'member_sessions.member_id')
    .select([
      'member_sessions.id',
      'member_sessions.org_id',
      'member_sessions.member_id',
      'member_sessions.csrf_token',
      'member_sessions.expires_at',
      'member_sessions.last_seen_at',
      'members.user_id',
      'members.status',
    ])
    .where('member_sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.expires_at < now || row.status === 'disabled') return undefined;
  if (now - row.last_seen_at > TOUCH_EVERY_MS) {
    await db.updateTable('member_sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  }
  return {
    sessionId: row.id,
    orgId: row.org_id,
    memberId: row.member_id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
  };
}

export async function closeSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('member_sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** The member's signed-in devices, newest first; `current` marks the one asking. */
export async function listDevices(db: Db, orgId: number, memberId: number, currentSessionId: number) {
  const rows = await db
    .selectFrom('member_sessions')
    .select(['id', 'device', 'created_at', 'last_seen_at'])
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('expires_at', '>', Date.now())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    device: r.device,
    signedInAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    current: r.id === currentSessionId,
  }));
}

/** Signs one of the member's own devices out. */
export async function endDevice(db: Db, orgId: number, memberId: number, sessionId: number): Promise<void> {
  const result = await db
    .deleteFrom('member_sessions')
    .where('id', '=', sessionId)
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound(E.deviceNotFound, 'no such device');
}

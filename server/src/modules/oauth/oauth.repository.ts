import type { Insertable } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import type { OAuthCodeTable, OAuthQrLoginTable } from '../../platform/db/schema.js';

/** How long spent and expired rows stay, so that a late caller still hears "expired" rather than "invalid". */
const KEEP_EXPIRED_MS = 24 * 3600 * 1000;

export async function insertCode(db: Queryable, orgId: number, row: Omit<Insertable<OAuthCodeTable>, 'org_id'>) {
  await db
    .insertInto('oauth_codes')
    .values({ ...row, org_id: orgId })
    .execute();
}

export function findCode(db: Queryable, orgId: number, codeHash: string) {
  return db
    .selectFrom('oauth_codes')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
}

/** Spends a code; false when another exchange spent it first. */
export async function spendCode(db: Queryable, orgId: number, codeHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('oauth_codes')
    .set({ used_at: now })
    .where('org_id', '=', orgId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertUserTicket(
  db: Queryable,
  orgId: number,
  row: { ticketHash: string; memberId: number; agentId: number; now: number; expiresAt: number },
) {
  await db
    .insertInto('oauth_user_tickets')
    .values({
      ticket_hash: row.ticketHash,
      org_id: orgId,
      member_id: row.memberId,
      agent_id: row.agentId,
      created_at: row.now,
      expires_at: row.expiresAt,
    })
    .execute();
}

export function findUserTicket(db: Queryable, orgId: number, ticketHash: string) {
  return db
    .selectFrom('oauth_user_tickets')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('ticket_hash', '=', ticketHash)
    .executeTakeFirst();
}

export async function insertQrLogin(
  db: Queryable,
  orgId: number,
  row: Omit<Insertable<OAuthQrLoginTable>, 'org_id' | 'id'>,
) {
  await db
    .insertInto('oauth_qr_logins')
    .values({ ...row, org_id: orgId })
    .execute();
}

/**
 * A QR login by its ticket, whatever its org: the desktop page and the confirm page know only the ticket.
 * Callers check the org against the member's before acting on it.
 */
export function findQrLoginByTicket(db: Queryable, ticketHash: string) {
  return db.selectFrom('oauth_qr_logins').selectAll().where('ticket_hash', '=', ticketHash).executeTakeFirst();
}

/** Moves a QR login from one status to the next; false when it was no longer in `from`. */
export async function moveQrLogin(
  db: Queryable,
  orgId: number,
  id: number,
  from: OAuthQrLoginTable['status'],
  to: OAuthQrLoginTable['status'],
  memberId?: number,
): Promise<boolean> {
  const result = await db
    .updateTable('oauth_qr_logins')
    .set(memberId === undefined ? { status: to } : { status: to, member_id: memberId })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The org's (appId 0) or an app's JS-SDK ticket, if one is still live. */
export function findLiveJsapiTicket(db: Queryable, orgId: number, appId: number, now: number) {
  return db
    .selectFrom('jsapi_tickets')
    .select(['ticket', 'expires_at'])
    .where('org_id', '=', orgId)
    .where('app_id', '=', appId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Stores a new JS-SDK ticket unless a live one is already there (two callers racing both end up with the one
 * stored); returns whichever is live afterwards.
 */
export async function putJsapiTicket(
  db: Queryable,
  orgId: number,
  appId: number,
  ticket: { ticket: string; now: number; expiresAt: number },
) {
  await db
    .insertInto('jsapi_tickets')
    .values({
      org_id: orgId,
      app_id: appId,
      ticket: ticket.ticket,
      created_at: ticket.now,
      expires_at: ticket.expiresAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'app_id'])
        .doUpdateSet({ ticket: ticket.ticket, created_at: ticket.now, expires_at: ticket.expiresAt })
        .where('jsapi_tickets.expires_at', '<=', ticket.now),
    )
    .execute();
  return findLiveJsapiTicket(db, orgId, appId, ticket.now);
}

/** Housekeeping across orgs: forgets codes, user tickets and QR logins that expired a day ago. */
export async function purgeExpired(db: Queryable, now: number): Promise<void> {
  const before = now - KEEP_EXPIRED_MS;
  await db.deleteFrom('oauth_codes').where('expires_at', '<', before).execute();
  await db.deleteFrom('oauth_user_tickets').where('expires_at', '<', before).execute();
  await db.deleteFrom('oauth_qr_logins').where('expires_at', '<', before).execute();
}

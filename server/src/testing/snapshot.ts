import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../platform/db/database.js';

const ORG_TABLES = [
  'departments',
  'members',
  'member_departments',
  'tags',
  'tag_members',
  'tag_departments',
  'media',
  'jobs',
  'outbox',
  'apps',
  'app_scopes',
  'messages',
  'inbox_entries',
  'message_fingerprints',
  'app_chats',
  'app_chat_members',
  'app_callbacks',
  'member_invites',
  'verification_codes',
  'member_sessions',
  'dev_outbox',
  'group_chats',
  'group_chat_members',
  'conversation_settings',
  'oauth_codes',
  'oauth_user_tickets',
  'oauth_qr_logins',
  'jsapi_tickets',
  'member_locations',
  'app_subscribers',
  'member_sequences',
] as const;

/** Columns stamped by reading or by background delivery; a change to them is not a change to the org. */
const BOOKKEEPING = { relayed_at: undefined, last_seen_at: undefined };

/** Every row an org owns (directory, apps, messages, chats, sign-ins), to prove a sequence of calls changed none. */
export async function snapshotOrg(db: Db, orgId: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ORG_TABLES) {
    const rows = await db.selectFrom(table).selectAll().where('org_id', '=', orgId).execute();
    out[table] = rows.map((r) => JSON.stringify({ ...r, ...BOOKKEEPING })).sort();
  }
  const org = await db.selectFrom('orgs').selectAll().where('id', '=', orgId).execute();
  out.orgs = org.map((r) => JSON.stringify(r));
  return out;
}

/** How many departments, members and tags exist in the whole store. */
export async function countDirectoryRows(db: Db) {
  const count = async (table: 'departments' | 'members' | 'tags' | 'member_departments' | 'tag_members') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    departments: await count('departments'),
    members: await count('members'),
    memberDepartments: await count('member_departments'),
    tags: await count('tags'),
    tagMembers: await count('tag_members'),
  };
}

/** How many files the blob store holds under a data directory: a refused upload must leave none behind. */
export function countStoredFiles(dataDir: string): number {
  try {
    return readdirSync(join(dataDir, 'media'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

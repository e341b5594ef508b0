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
] as const;

/** Every directory-ish row an org owns, in a stable order, to prove a sequence of calls changed none of it. */
export async function snapshotOrg(db: Db, orgId: number): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ORG_TABLES) {
    const rows = await db.selectFrom(table).selectAll().where('org_id', '=', orgId).execute();
    // The outbox relay stamps relayed_at in the background; that is delivery bookkeeping, not a change.
    out[table] = rows.map((r) => JSON.stringify({ ...r, relayed_at: undefined })).sort();
  }
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

import type { Kysely } from 'kysely';

// The development outbox names the member a code was sent to, so that a department admin sees only the codes
// of members in their subtree (issue 11: the 加入方式 page listed everyone's codes). Older rows name nobody
// and are shown to org-wide admins only.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dev_outbox').addColumn('member_id', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('dev_outbox').dropColumn('member_id').execute();
}

import { type Kysely, sql } from 'kysely';

// One row counting token revocations (secret rotated, app disabled), bumped in the revocation's transaction.
// A process that keeps token resolutions checks this number before trusting one: on PostgreSQL, where other
// processes can revoke, a rotation answered is refused everywhere at the next call (ADR 0004).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_token_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into access_token_epoch (id, epoch) values (1, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('access_token_epoch').execute();
}

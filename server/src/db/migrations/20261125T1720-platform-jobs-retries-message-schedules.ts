import type { Kysely } from 'kysely';

// Jobs gain a time before which they do not run (scheduled sends), and retries with back-off: `attempts`
// counts the runs so far, `last_error` keeps the latest failure while the job waits for its next try.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('run_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('jobs')
    .addColumn('attempts', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('jobs')
    .addColumn('max_attempts', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('jobs').addColumn('last_error', 'text').execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  // A scheduled app message (定时): the request as sent, fired by the job `job_id` at `send_at`.
  await db.schema
    .createTable('message_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'bigint', (c) => c.notNull())
    .addColumn('app_id', 'bigint', (c) => c.notNull())
    .addColumn('agent_id', 'bigint', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('is_confidential', 'integer', (c) => c.notNull())
    .addColumn('send_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('msg_id', 'text')
    .addColumn('recipients', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_schedules_app')
    .on('message_schedules')
    .columns(['org_id', 'app_id', 'send_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('message_schedules').execute();
  await db.schema.dropIndex('jobs_due').execute();
  for (const column of ['last_error', 'max_attempts', 'attempts', 'run_at']) {
    await db.schema.alterTable('jobs').dropColumn(column).execute();
  }
}

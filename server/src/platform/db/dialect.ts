import { type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

/** The one place where migrations branch on the dialect. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Adds an auto-incrementing integer primary key named `id`. */
export function withSerialId<T extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * Text compared byte-wise, so that prefix searches can be range scans on a plain B-tree index on both
 * dialects (SQLite's default BINARY collation already is; PostgreSQL needs the "C" collation).
 */
export function bytewiseText(db: Kysely<unknown>) {
  return isPostgres(db) ? sql`text collate "C"` : sql`text`;
}

/**
 * Refreshes the query planner's statistics after a bulk write (an import). Without them SQLite may pick an
 * index on org_id — which matches every row of a one-org database — over the primary key.
 */
export async function refreshPlannerStatistics<T>(db: Kysely<T>): Promise<void> {
  if (isPostgres(db as Kysely<unknown>))
    await sql`analyze members, member_departments, member_search_terms`.execute(db);
  else await sql`pragma optimize`.execute(db);
}

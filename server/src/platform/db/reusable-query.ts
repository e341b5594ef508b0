import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Queryable } from './database.js';
import { isPostgres } from './dialect.js';

/**
 * A query of a hot path built and compiled once per dialect, then run with new values: Kysely builds an
 * immutable tree and compiles it on every call otherwise (~10 µs and much garbage per query). `build` makes
 * the query with placeholder values; `values` gives the real ones in the same order as they appear in it.
 * Runs on the store or inside a transaction, like any query.
 */
export function reusableQuery<A extends unknown[], R>(
  build: (db: Queryable) => Compilable<R>,
  values: (...args: A) => unknown[],
) {
  const compiled = new Map<boolean, CompiledQuery<R>>();
  return async (db: Queryable, ...args: A): Promise<R[]> => {
    const postgres = isPostgres(db as unknown as Kysely<unknown>);
    let query = compiled.get(postgres);
    if (!query) compiled.set(postgres, (query = build(db).compile()));
    const parameters = values(...args);
    if (parameters.length !== query.parameters.length)
      throw new Error(`a reusable query takes ${query.parameters.length} values, got ${parameters.length}`);
    const result = await db.executeQuery<R>({ ...query, parameters });
    return result.rows;
  };
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: repositories accept both. */
export type Queryable = Db | Tx;
export type Dialect = 'sqlite' | 'postgres';

export type Store = {
  db: Db;
  dialect: Dialect;
  close: () => Promise<void>;
};

// COUNT(*) and bigint columns come back from pg as strings; every figure we store fits a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

/**
 * better-sqlite3 compiles a statement on every `prepare`, which Kysely calls for every query; compiled
 * statements are reusable, so keep the most recent ones by SQL text. (Kysely never iterates a statement
 * while another call could run it: the dialect holds one connection behind a mutex.)
 */
function withStatementCache(sqlite: BetterSqlite3.Database, capacity = 1000): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** Opens the store an `ENCLAVE_DATABASE_URL` names: `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. */
export function openStore(url: string): Store {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection can die under us (server restart, failover, a dropped test database). pg then
    // emits 'error' on the pool and replaces the client; unhandled, that event would kill the process.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`, { code: 'ENCLAVE_PG_IDLE' });
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new BetterSqlite3(path);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process kill; only an OS crash can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a broadcast inserts into the inbox indexes at every
    // recipient's place, touching most of their leaf pages; once those outgrow the cache, each send re-reads
    // thousands of pages (ADR 0014).
    sqlite.pragma('cache_size = -65536');
    // A statement that writes many rows inside a transaction (a broadcast's inbox insert) keeps a statement
    // journal: a copy of every page it changes, so that it alone can be undone. In a temporary file by default —
    // 2,000+ page writes a send once the inbox is large; in memory it is a copy (ADR 0014).
    sqlite.pragma('temp_store = MEMORY');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    if (path === ':memory:') return { db, dialect: 'sqlite', close: () => db.destroy() };
    // Checkpoints run in a worker thread, off the commits (checkpointer.ts); if it fails, SQLite's own
    // checkpoint-on-commit comes back.
    sqlite.pragma('wal_autocheckpoint = 0');
    const checkpointer = startCheckpointer(path, {
      onError: (message) => {
        process.emitWarning(`SQLite checkpointer: ${message}`, { code: 'ENCLAVE_SQLITE_CHECKPOINT' });
        sqlite.pragma('wal_autocheckpoint = 1000');
      },
    });
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        await checkpointer.stop();
        await db.destroy();
      },
    };
  }
  throw new Error(`ENCLAVE_DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}

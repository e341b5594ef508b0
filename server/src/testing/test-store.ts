import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../platform/db/database.js';
import { migrateToLatest } from '../platform/db/migrator.js';

export type TestStore = Store & { url: string; dataDir: string; drop: () => Promise<void> };

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or — when the suite runs with
 * ENCLAVE_TEST_STORE=postgres — a new database on the server ENCLAVE_TEST_DATABASE_URL names, dropped after.
 */
export async function createTestStore(): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'enclave-test-'));
  let url: string;
  let dropDatabase = async () => {};
  if (process.env.ENCLAVE_TEST_STORE === 'postgres') {
    const base = process.env.ENCLAVE_TEST_DATABASE_URL;
    if (!base) throw new Error('ENCLAVE_TEST_STORE=postgres needs ENCLAVE_TEST_DATABASE_URL');
    const name = `enclave_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(base);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    url = `sqlite:${join(dataDir, 'enclave.db')}`;
  }
  const store = openStore(url);
  await migrateToLatest(store.db);
  let dropped = false;
  return {
    ...store,
    url,
    dataDir,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await store.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

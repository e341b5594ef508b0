import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './database.js';

const dir = mkdtempSync(join(tmpdir(), 'enclave-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const size = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

async function fill(store: ReturnType<typeof openStore>, from: number) {
  await store.db.transaction().execute(async (tx) => {
    for (let i = from; i < from + 2000; i += 1)
      await sql`insert into filler (id, body) values (${i}, ${'x'.repeat(500)})`.execute(tx);
  });
}

describe('the SQLite checkpointer', () => {
  it('moves committed pages into the database file off the commit, and lets the WAL be reused', async () => {
    const path = join(dir, 'c.db');
    const store = openStore(`sqlite:${path}`);
    await sql`create table filler (id integer primary key, body text not null)`.execute(store.db);
    const before = size(path);
    await fill(store, 0);
    // The commit wrote the WAL only: no checkpoint ran inside it.
    expect(size(`${path}-wal`)).toBeGreaterThan(1_000_000);
    expect(size(path)).toBe(before);
    // Within a few intervals the worker has copied the pages into the database file.
    await expect.poll(() => size(path), { timeout: 5000, interval: 100 }).toBeGreaterThan(1_000_000);
    // A fully checkpointed WAL is written again from its start, so it does not grow with every broadcast.
    const wal = size(`${path}-wal`);
    await fill(store, 10_000);
    await fill(store, 20_000);
    expect(size(`${path}-wal`)).toBeLessThanOrEqual(wal * 2);
    await store.close();

    // Everything committed is there for the next process.
    const reopened = new BetterSqlite3(path, { readonly: true });
    expect(reopened.prepare('select count(*) as n from filler').get()).toEqual({ n: 6000 });
    reopened.close();
  });
});

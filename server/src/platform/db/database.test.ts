import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './database.js';

const dir = mkdtempSync(join(tmpdir(), 'enclave-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pragma(store: ReturnType<typeof openStore>, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(store.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('the SQLite store’s connection', () => {
  it('keeps 64 MiB of pages and its temporary data in memory', async () => {
    const store = openStore(`sqlite:${join(dir, 'settings.db')}`);
    try {
      expect(await pragma(store, 'journal_mode')).toBe('wal');
      expect(await pragma(store, 'cache_size')).toBe(-65536);
      // 2 = MEMORY. A broadcast's insert runs inside the send's transaction, so SQLite keeps a statement journal
      // with a copy of every page it changes — thousands once the inbox is large; on disk by default.
      expect(await pragma(store, 'temp_store')).toBe(2);
    } finally {
      await store.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createApp } from '../server/src/modules/apps/apps.service.js';
import { importMembers } from '../server/src/modules/directory/import/index.js';
import { sendAppMessage } from '../server/src/modules/messaging/index.js';
import { createOrg } from '../server/src/modules/orgs/orgs.service.js';
import type { OrgContext } from '../server/src/platform/context.js';
import { openStore, type Store } from '../server/src/platform/db/database.js';
import { migrateToLatest } from '../server/src/platform/db/migrator.js';
import { memberCsv } from './directory-data.js';
import { median } from './lib.js';

const MEMBERS = 20_000;
const SENDS = 7;

/** Same-run baseline: raw better-sqlite3 writing 20,000 inbox-sized rows in one transaction. */
function rawSqliteBroadcast(dir: string): number {
  const db = new BetterSqlite3(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'create table e (member_id integer, seq integer, message_id integer, conversation text, kind text, created_at integer, primary key (member_id, seq))',
  );
  const insert = db.prepare('insert into e values (?, ?, ?, ?, ?, ?)');
  const times: number[] = [];
  for (let s = 1; s <= SENDS; s += 1) {
    const started = performance.now();
    db.transaction(() => {
      for (let m = 0; m < MEMBERS; m += 1) insert.run(m, s, s, 'app:1000002', 'message', Date.now());
    })();
    times.push(performance.now() - started);
  }
  db.close();
  return median(times);
}

async function broadcasts(store: Store): Promise<number[]> {
  await migrateToLatest(store.db);
  const org = await createOrg(store.db, {
    name: 'Bench',
    owner: { name: 'o', email: `o${Date.now()}@b.example`, password: 'benchmark-pass' },
  });
  const ctx: OrgContext = { db: store.db, orgId: org.orgId, actor: { kind: 'system' } };
  const csv = memberCsv(MEMBERS, 1).replace(/,2(;\d+)?,工程师/g, ',1,工程师');
  const imported = await importMembers(ctx, { mode: 'sync', data: Buffer.from(csv), progress: async () => {} });
  if (imported.summary.created !== MEMBERS) throw new Error(`imported ${imported.summary.created}`);
  const { app } = await createApp(ctx, { name: 'Bench' });
  const times: number[] = [];
  for (let i = 0; i < SENDS; i += 1) {
    const started = performance.now();
    const result = await sendAppMessage(ctx, {
      app,
      audience: { all: true },
      msgType: 'text',
      payload: { content: `广播 ${i}` },
    });
    times.push(performance.now() - started);
    if (result.recipients !== MEMBERS) throw new Error(`reached ${result.recipients}`);
  }
  return times;
}

/** message/send to @all of a 20,000-member org, until every inbox entry is committed. */
export async function benchMessageSend() {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-'));
  const out: Record<string, unknown> = { members: MEMBERS, sends: SENDS };
  try {
    out.rawSqliteMedianMs = rawSqliteBroadcast(dir);
    const sqlite = openStore(`sqlite:${join(dir, 'enclave.db')}`);
    const times = await broadcasts(sqlite);
    await sqlite.close();
    out.sqliteMs = times;
    out.sqliteMedianMs = median(times);
    process.stderr.write(
      `  @all on SQLite: median ${median(times).toFixed(0)} ms (raw inserts ${(out.rawSqliteMedianMs as number).toFixed(0)} ms)\n`,
    );
    const base = process.env.ENCLAVE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `enclave_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    try {
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      const postgres = openStore(url.toString());
      const pgTimes = await broadcasts(postgres);
      await postgres.close();
      out.postgresMs = pgTimes;
      out.postgresMedianMs = median(pgTimes);
      process.stderr.write(`  @all on PostgreSQL: median ${median(pgTimes).toFixed(0)} ms\n`);
      await admin.query(`drop database if exists ${name} with (force)`);
    } catch (error) {
      out.postgres = `skipped: ${(error as Error).message}`;
    } finally {
      await admin.end().catch(() => undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

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
import { round } from './children.js';
import { median } from './lib.js';
import { PREFILL_BROADCASTS, prefillInbox } from './prefill-inbox.js';

const MEMBERS = 20_000;
const SENDS = 7;

type Round = { ms: number[]; medianMs: number };
const roundOf = (ms: number[]): Round => ({ ms: ms.map((t) => round(t)), medianMs: round(median(ms)) });

/**
 * Same-run baseline: raw better-sqlite3 writing 20,000 inbox-sized rows (primary key (member, seq), as the inbox)
 * in one transaction — on an empty table, then after PREFILL_BROADCASTS × 20,000 earlier rows. (Recorded before
 * 2026-12-04 with SQLite's own 2 MiB cache and checkpoints in the commit: 31 ms fresh.)
 */
function rawSqliteBroadcasts(dir: string): { fresh: Round; large: Round } {
  const db = new BetterSqlite3(join(dir, 'raw.db'));
  // The store's settings (platform/db/database.ts): its page cache, and checkpoints off the commit — here between
  // two broadcasts, outside the timing, where Enclave's checkpointer thread runs beside them.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(
    'create table e (member_id integer, seq integer, message_id integer, conversation text, kind text, created_at integer, primary key (member_id, seq))',
  );
  const insert = db.prepare('insert into e values (?, ?, ?, ?, ?, ?)');
  const broadcast = (s: number) => {
    const started = performance.now();
    db.transaction(() => {
      for (let m = 0; m < MEMBERS; m += 1) insert.run(m, s, s, 'app:1000002', 'message', Date.now());
    })();
    const ms = performance.now() - started;
    db.pragma('wal_checkpoint(passive)');
    return ms;
  };
  const fresh: number[] = [];
  for (let s = 1; s <= SENDS; s += 1) fresh.push(broadcast(s));
  // The earlier broadcasts in one statement, in the order they would have been written.
  db.exec(`
    insert into e
    with recursive b(k) as (select 1 union all select k + 1 from b where k < ${PREFILL_BROADCASTS}),
      m(id) as (select 0 union all select id + 1 from m where id < ${MEMBERS - 1})
    select m.id, ${SENDS} + b.k, ${SENDS} + b.k, 'app:1000002', 'message', 0 from b cross join m order by b.k, m.id`);
  db.pragma('wal_checkpoint(truncate)');
  const large: number[] = [];
  for (let s = 1; s <= SENDS; s += 1) large.push(broadcast(SENDS + PREFILL_BROADCASTS + s));
  db.close();
  return { fresh: roundOf(fresh), large: roundOf(large) };
}

/** The same on PostgreSQL: 20,000 rows in one `insert … select from unnest`, empty table then after the prefill. */
async function rawPostgresBroadcasts(url: string): Promise<{ fresh: Round; large: Round }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'create table e (member_id bigint, seq bigint, message_id bigint, conversation text, kind text, created_at bigint, primary key (member_id, seq))',
    );
    const members = Array.from({ length: MEMBERS }, (_, m) => m);
    const broadcast = async (s: number) => {
      const started = performance.now();
      await client.query(
        `insert into e select m, $2::bigint, $2::bigint, 'app:1000002', 'message', $3::bigint from unnest($1::bigint[]) as u(m)`,
        [members, s, Date.now()],
      );
      return performance.now() - started;
    };
    const fresh: number[] = [];
    for (let s = 1; s <= SENDS; s += 1) fresh.push(await broadcast(s));
    await client.query(
      `insert into e select m, ${SENDS} + k, ${SENDS} + k, 'app:1000002', 'message', 0
       from generate_series(1, ${PREFILL_BROADCASTS}) as k cross join generate_series(0, ${MEMBERS - 1}) as m order by k, m`,
    );
    await client.query('analyze e');
    const large: number[] = [];
    for (let s = 1; s <= SENDS; s += 1) large.push(await broadcast(SENDS + PREFILL_BROADCASTS + s));
    return { fresh: roundOf(fresh), large: roundOf(large) };
  } finally {
    await client.end();
  }
}

/** SENDS @all sends on a fresh store, then PREFILL_BROADCASTS earlier ones written in bulk, then SENDS more. */
async function broadcasts(store: Store) {
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
  const sends = async (label: string) => {
    const times: number[] = [];
    for (let i = 0; i < SENDS; i += 1) {
      const started = performance.now();
      const result = await sendAppMessage(ctx, {
        app,
        audience: { all: true },
        msgType: 'text',
        payload: { content: `广播 ${label} ${i}` },
      });
      times.push(performance.now() - started);
      if (result.recipients !== MEMBERS) throw new Error(`reached ${result.recipients}`);
    }
    return roundOf(times);
  };
  const fresh = await sends('fresh');
  const prefill = await prefillInbox(store.db, {
    orgId: org.orgId,
    appId: app.id,
    conversation: `app:${app.agentId}`,
    messages: PREFILL_BROADCASTS,
  });
  const large = await sends('large');
  return { fresh, prefill: { entries: prefill.entries, ms: round(prefill.ms, 0) }, large };
}

/**
 * message/send to @all of a 20,000-member org, until every inbox entry is committed: on a fresh store and on one
 * that already holds a million inbox entries, on SQLite and PostgreSQL, each beside raw inserts of the same rows.
 */
export async function benchMessageSend() {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-'));
  const out: Record<string, unknown> = { members: MEMBERS, sends: SENDS, prefillBroadcasts: PREFILL_BROADCASTS };
  const report = (what: string, enclave: Round, raw: Round) =>
    process.stderr.write(
      `  @all ${what}: median ${enclave.medianMs.toFixed(0)} ms (raw inserts ${raw.medianMs.toFixed(0)} ms, ${(enclave.medianMs / raw.medianMs).toFixed(2)}×)\n`,
    );
  try {
    const rawSqlite = rawSqliteBroadcasts(dir);
    const sqlite = openStore(`sqlite:${join(dir, 'enclave.db')}`);
    const sq = await broadcasts(sqlite);
    await sqlite.close();
    out.sqlite = { ...sq, raw: rawSqlite };
    report('on SQLite, fresh store', sq.fresh, rawSqlite.fresh);
    process.stderr.write(`  prefill: ${sq.prefill.entries} inbox entries in ${sq.prefill.ms} ms\n`);
    report(`on SQLite, ${sq.prefill.entries} entries`, sq.large, rawSqlite.large);
    const base = process.env.ENCLAVE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `enclave_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    try {
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.query(`create database ${name}_raw`);
      const url = new URL(base);
      url.pathname = `/${name}_raw`;
      const rawPostgres = await rawPostgresBroadcasts(url.toString());
      url.pathname = `/${name}`;
      const postgres = openStore(url.toString());
      const pq = await broadcasts(postgres);
      await postgres.close();
      out.postgres = { ...pq, raw: rawPostgres };
      report('on PostgreSQL, fresh store', pq.fresh, rawPostgres.fresh);
      process.stderr.write(`  prefill: ${pq.prefill.entries} inbox entries in ${pq.prefill.ms} ms\n`);
      report(`on PostgreSQL, ${pq.prefill.entries} entries`, pq.large, rawPostgres.large);
    } catch (error) {
      out.postgres = `skipped: ${(error as Error).message}`;
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.query(`drop database if exists ${name}_raw with (force)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

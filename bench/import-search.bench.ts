import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../server/src/platform/db/database.js';
import { migrateToLatest } from '../server/src/platform/db/migrator.js';
import { getMember, searchMembers } from '../server/src/modules/directory/index.js';
import { importMembers, replaceDepartments } from '../server/src/modules/directory/import/index.js';
import { createOrg } from '../server/src/modules/orgs/orgs.service.js';
import type { OrgContext } from '../server/src/platform/context.js';
import { departmentCsv, memberCsv } from './directory-data.js';
import { median, percentile, seeded } from './lib.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const DEPARTMENTS = 2_000;

/** Same-run baseline: raw better-sqlite3 inserting the same number of member-sized rows in one transaction. */
function rawSqliteInsert(dir: string): number {
  const db = new BetterSqlite3(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (id integer primary key, org_id integer, user_id text, name text, mobile text, email text)');
  const insert = db.prepare('insert into t (org_id, user_id, name, mobile, email) values (?, ?, ?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < MEMBERS; i += 1) insert.run(1, `u${i}`, '张三丰', `1${3000000000 + i}`, `u${i}@bench.example`);
  })();
  const ms = performance.now() - started;
  db.close();
  return ms;
}

async function oneImport(url: string) {
  const store = openStore(url);
  await migrateToLatest(store.db);
  const org = await createOrg(store.db, {
    name: 'Bench',
    owner: { name: 'o', email: `o${Date.now()}${Math.random()}@b.example`, password: 'benchmark-pass' },
  });
  const ctx: OrgContext = { db: store.db, orgId: org.orgId, actor: { kind: 'system' } };
  await replaceDepartments(ctx, Buffer.from(departmentCsv(DEPARTMENTS)));
  const csv = Buffer.from(memberCsv(MEMBERS, DEPARTMENTS));
  const started = performance.now();
  const result = await importMembers(ctx, { mode: 'sync', data: csv, progress: async () => {} });
  const ms = performance.now() - started;
  if (result.summary.created !== MEMBERS)
    throw new Error(
      `imported ${result.summary.created} of ${MEMBERS}: ${JSON.stringify(result.rows.find((r) => r.action === 'failed'))}`,
    );
  return { ms, store, ctx };
}

async function searchLatencies(ctx: OrgContext) {
  const random = seeded(7);
  const queries: string[] = [];
  const sample = await ctx.db
    .selectFrom('member_search_terms')
    .select('term')
    .where('org_id', '=', ctx.orgId)
    .limit(20_000)
    .execute();
  for (let i = 0; i < 2_000; i += 1) {
    const term = (sample[Math.floor(random() * sample.length)] as { term: string }).term;
    queries.push(term.slice(0, Math.max(1, Math.floor(random() * term.length) + 1)));
  }
  const search: number[] = [];
  const byId: number[] = [];
  for (const [i, q] of queries.entries()) {
    let t = performance.now();
    await searchMembers(ctx, q, 20);
    search.push(performance.now() - t);
    t = performance.now();
    await getMember(ctx, `u${(i * 37) % MEMBERS}`);
    byId.push(performance.now() - t);
  }
  return { search, byId };
}

export async function benchImportAndSearch(runs = 3) {
  const imports: number[] = [];
  const raws: number[] = [];
  let latencies: { search: number[]; byId: number[] } | undefined;
  for (let run = 0; run < runs; run += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-'));
    try {
      raws.push(rawSqliteInsert(dir));
      const { ms, store, ctx } = await oneImport(`sqlite:${join(dir, 'enclave.db')}`);
      imports.push(ms);
      if (run === runs - 1) latencies = await searchLatencies(ctx);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    process.stderr.write(
      `  import run ${run + 1}: ${(imports.at(-1) as number).toFixed(0)} ms (raw insert ${(raws.at(-1) as number).toFixed(0)} ms)\n`,
    );
  }
  const l = latencies as { search: number[]; byId: number[] };
  return {
    members: MEMBERS,
    departments: DEPARTMENTS,
    importMs: imports,
    importMedianMs: median(imports),
    rawInsertMedianMs: median(raws),
    search: { p50: percentile(l.search, 50), p99: percentile(l.search, 99), queries: l.search.length },
    getById: { p50: percentile(l.byId, 50), p99: percentile(l.byId, 99) },
  };
}

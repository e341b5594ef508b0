import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../../testing/child-server.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { importMembers } from '../directory/index.js';

/**
 * "No loss under failure": Enclave runs as its own process, broadcasts to @all come in concurrently, and
 * the process is killed with SIGKILL in the middle. After a restart on the same database every
 * acknowledged message reached everyone, no half broadcast exists, and no member's seq has a gap.
 */

const MEMBERS = 5_000;
const DISABLED = 3;
/** Sends kept in flight at once. */
const CONCURRENCY = 6;
/** Sends attempted at most; far more than are acknowledged before the kill. */
const ATTEMPTS = 400;
/** The process is killed when this many sends were acknowledged, while others are in flight. */
const KILL_AFTER_ACKS = 8;

const UNLIMITED = {
  ENCLAVE_LIMIT_API_PER_MINUTE: '1000000',
  ENCLAVE_LIMIT_API_PER_HOUR: '1000000',
  ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_MINUTE: '1000000',
  ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_HOUR: '1000000',
};

let store: TestStore;
let corpId: string;
let orgId: number;
let agentId: number;
let secret: string;
const children: ChildServer[] = [];

beforeAll(async () => {
  store = await createTestStore();
  const org = await given.org(store.db, 'Kill Test');
  corpId = org.corpId;
  orgId = org.orgId;
  const lines = ['姓名,帐号,手机号,邮箱,所在部门,禁用'];
  for (let i = 0; i < MEMBERS; i += 1) lines.push(`成员${i},k${i},1${3000000000 + i},,1,${i < DISABLED ? 1 : 0}`);
  const imported = await importMembers(org.ctx, {
    mode: 'sync',
    data: Buffer.from(`${lines.join('\n')}\n`),
    progress: async () => {},
  });
  expect(imported.summary.created).toBe(MEMBERS);
  const created = await given.app(org.ctx, { name: 'Broadcasts' });
  agentId = created.app.agentId;
  secret = created.secret;
}, 120_000);

afterAll(async () => {
  for (const child of children) await child.kill();
  await store?.drop();
});

async function start(): Promise<ChildServer> {
  const child = await startChildServer({ databaseUrl: store.url, dataDir: store.dataDir, env: UNLIMITED });
  children.push(child);
  return child;
}

async function cgi(child: ChildServer, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${child.baseUrl}/cgi-bin/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function tokenOf(child: ChildServer): Promise<string> {
  const body = await cgi(child, `gettoken?corpid=${corpId}&corpsecret=${secret}`);
  expect(body.errcode, JSON.stringify(body)).toBe(0);
  return body.access_token as string;
}

const broadcast = (child: ChildServer, token: string, n: number) =>
  cgi(child, `message/send?access_token=${token}`, {
    touser: '@all',
    msgtype: 'text',
    agentid: agentId,
    text: { content: `停电演练 ${n}` },
  });

/**
 * Keeps CONCURRENCY broadcasts in flight and SIGKILLs the process on the KILL_AFTER_ACKS-th acknowledgement.
 * Returns the acknowledged msgids and how many sends were in flight when the kill was sent.
 */
async function broadcastUntilKilled(child: ChildServer, token: string) {
  const acked: string[] = [];
  const failures: string[] = [];
  let next = 0;
  let inFlight = 0;
  let inFlightAtKill = -1;
  let killing: Promise<void> | null = null;
  const worker = async () => {
    while (killing === null && next < ATTEMPTS) {
      const n = (next += 1);
      inFlight += 1;
      try {
        const body = await broadcast(child, token, n);
        if (body.errcode === 0) acked.push(body.msgid as string);
        else failures.push(JSON.stringify(body));
      } catch {
        // The connection died with the process: the send may or may not have committed.
      } finally {
        inFlight -= 1;
      }
      if (acked.length >= KILL_AFTER_ACKS && killing === null) {
        inFlightAtKill = inFlight;
        killing = child.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Assigned inside the workers, which control-flow analysis cannot see: it may well be a promise here.
  await (killing as Promise<void> | null);
  return { acked, failures, inFlightAtKill, attempted: next };
}

async function activeMemberIds(): Promise<number[]> {
  const rows = await store.db
    .selectFrom('members')
    .select('id')
    .where('org_id', '=', orgId)
    .where('status', '!=', 'disabled')
    .execute();
  return rows.map((r) => r.id);
}

/** Per message of the org: its msgid and how many `message` entries it has. */
async function deliveredCounts(): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('messages')
    .leftJoin('inbox_entries', (join) =>
      join.onRef('inbox_entries.message_id', '=', 'messages.id').on('inbox_entries.kind', '=', 'message'),
    )
    .select((eb) => ['messages.msg_id', eb.fn.count('inbox_entries.member_id').as('entries')])
    .where('messages.org_id', '=', orgId)
    .groupBy('messages.msg_id')
    .execute();
  return new Map(rows.map((r) => [r.msg_id, Number(r.entries)]));
}

/** Per member with entries: count, lowest and highest seq, and the member's seq counter. */
async function sequences() {
  const rows = await store.db
    .selectFrom('inbox_entries')
    .innerJoin('member_sequences', 'member_sequences.member_id', 'inbox_entries.member_id')
    .select((eb) => [
      'inbox_entries.member_id',
      'member_sequences.last_seq',
      eb.fn.countAll().as('n'),
      eb.fn.min('inbox_entries.seq').as('lowest'),
      eb.fn.max('inbox_entries.seq').as('highest'),
    ])
    .where('inbox_entries.org_id', '=', orgId)
    .groupBy(['inbox_entries.member_id', 'member_sequences.last_seq'])
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    n: Number(r.n),
    lowest: Number(r.lowest),
    highest: Number(r.highest),
    lastSeq: Number(r.last_seq),
  }));
}

describe('broadcasts when the process is killed', () => {
  it('loses no acknowledged message, leaves no half broadcast and no seq gap, and carries on after a restart', async () => {
    const started = Date.now();
    const members = await activeMemberIds();
    expect(members).toHaveLength(MEMBERS - DISABLED);

    const first = await start();
    const token = await tokenOf(first);
    const run = await broadcastUntilKilled(first, token);
    expect(run.failures).toEqual([]);
    expect(run.acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(run.inFlightAtKill).toBeGreaterThan(0);
    expect(run.attempted).toBeLessThan(ATTEMPTS);
    expect(first.process.signalCode).toBe('SIGKILL');

    // Whatever was committed, the restarted server opens the database (SQLite recovers its WAL here).
    const second = await start();

    const delivered = await deliveredCounts();
    // Every acknowledged message is stored and reached every active member.
    for (const msgId of run.acked) expect(delivered.get(msgId), msgId).toBe(members.length);
    // No half broadcast: anything stored (acknowledged or not) reached everyone.
    const partial = [...delivered].filter(([, entries]) => entries !== members.length);
    expect(partial).toEqual([]);
    expect(delivered.size).toBeLessThanOrEqual(run.attempted);

    // No gaps: each member has seqs 1..n (unique by the primary key), n is the number of messages, and
    // the counter stands at n, so the next entry continues the sequence.
    const before = await sequences();
    expect(before).toHaveLength(members.length);
    const gaps = before.filter((s) => s.lowest !== 1 || s.highest !== s.n || s.lastSeq !== s.n);
    expect(gaps).toEqual([]);
    expect(new Set(before.map((s) => s.n))).toEqual(new Set([delivered.size]));

    // The restarted server sends again, and every member's seq continues from where it stood.
    const after = await broadcast(second, await tokenOf(second), ATTEMPTS + 1);
    expect(after.errcode, JSON.stringify(after)).toBe(0);
    const entries = await store.db
      .selectFrom('inbox_entries')
      .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
      .select(['inbox_entries.member_id', 'inbox_entries.seq'])
      .where('messages.org_id', '=', orgId)
      .where('messages.msg_id', '=', after.msgid as string)
      .execute();
    expect(entries).toHaveLength(members.length);
    const expectedSeq = delivered.size + 1;
    expect(entries.filter((e) => Number(e.seq) !== expectedSeq)).toEqual([]);
    const final = await sequences();
    expect(final.filter((s) => s.lowest !== 1 || s.highest !== s.n || s.lastSeq !== s.n)).toEqual([]);

    await second.kill();
    process.stderr.write(
      `  kill-recovery (${store.dialect}): ${run.acked.length} acknowledged, ${delivered.size - run.acked.length} ` +
        `committed unacknowledged, ${run.attempted - delivered.size} lost in flight (never acknowledged), ` +
        `${Date.now() - started} ms\n`,
    );
  }, 90_000);
});

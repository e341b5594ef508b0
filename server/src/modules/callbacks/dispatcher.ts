import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/database.js';
import { normalisePayload, storeAndDeliver } from '../messaging/index.js';
import { buildEnvelope, decryptReply, encrypt, parseXml, signature } from './callback-crypto.js';
import { CALLBACK_TIMEOUT_MS } from './callbacks.service.js';
import * as repo from './callbacks.repository.js';

export type DispatcherOptions = {
  /** Deliveries in flight at once per process. */
  concurrency?: number;
  pollMs?: number;
  /** Waits before each retry; a delivery fails for good after the last one. */
  backoffMs?: number[];
};

const DEFAULT_BACKOFF = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000];

type Due = {
  id: number;
  org_id: number;
  app_id: number;
  body: string;
  attempts: number;
  next_attempt_at: number;
  from_member_id: number | null;
};

/**
 * Delivers queued callbacks: encrypted and signed as WeCom does, 5 s timeout, retried with back-off, at
 * least once. A claim is a conditional update of the row's next attempt time, so with several workers each
 * attempt is made by one of them; a worker that dies mid-attempt leaves the row to be retried after the lease.
 */
export class CallbackDispatcher {
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly backoff: number[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 16;
    this.pollMs = options.pollMs ?? 200;
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Attempts every delivery due now (once each); returns how many it attempted. */
  async drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const now = Date.now();
      const due = await this.db
        .selectFrom('callback_deliveries')
        .select(['id', 'org_id', 'app_id', 'body', 'attempts', 'next_attempt_at', 'from_member_id'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(this.concurrency * 4)
        .execute();
      if (due.length === 0) return attempted;
      const claimed: Due[] = [];
      for (const row of due) {
        const lease = now + CALLBACK_TIMEOUT_MS + 10_000;
        const result = await this.db
          .updateTable('callback_deliveries')
          .set({ next_attempt_at: lease })
          .where('id', '=', row.id)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) claimed.push(row);
      }
      for (let i = 0; i < claimed.length; i += this.concurrency) {
        await Promise.all(claimed.slice(i, i + this.concurrency).map((row) => this.attempt(row)));
      }
      attempted += claimed.length;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((error: unknown) => {
          this.log.error({ err: error }, 'callback dispatch failed; will retry');
          return 0;
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.pollMs);
        });
    }, ms);
  }

  private async attempt(row: Due): Promise<void> {
    const config = await repo.findConfig(this.db, row.app_id);
    if (!config) {
      await this.finish(row, 'failed', 'the app has no callback URL any more');
      return;
    }
    const corpId = await this.db
      .selectFrom('orgs')
      .select('corp_id')
      .where('id', '=', row.org_id)
      .executeTakeFirstOrThrow();
    const app = await this.db
      .selectFrom('apps')
      .select('agent_id')
      .where('id', '=', row.app_id)
      .executeTakeFirstOrThrow();
    const encrypted = encrypt(config.encodingAesKey, corpId.corp_id, row.body);
    const timestamp = Math.floor(Date.now() / 1000);
    const nonce = randomInt(1e8, 1e9);
    const url = new URL(config.url);
    url.searchParams.set('msg_signature', signature(config.token, timestamp, nonce, encrypted));
    url.searchParams.set('timestamp', String(timestamp));
    url.searchParams.set('nonce', String(nonce));
    let answer: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: buildEnvelope({ toUserName: corpId.corp_id, encrypt: encrypted, agentId: app.agent_id }),
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
        redirect: 'manual',
      });
      answer = (await response.text()).trim();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      await this.retryLater(row, (error as Error).message);
      return;
    }
    let note: string | null = null;
    if (answer !== '' && answer !== 'success') {
      note = await this.deliverPassiveReply(row, app.agent_id, config, corpId.corp_id, answer);
    }
    await this.finish(row, 'delivered', note);
  }

  /** A reply in the response body reaches the member the event came from, as a message of the app. */
  private async deliverPassiveReply(
    row: Due,
    agentId: number,
    config: repo.CallbackConfig,
    corpId: string,
    answer: string,
  ): Promise<string | null> {
    if (row.from_member_id === null) return 'a reply was ignored: the event came from no member';
    try {
      const plain = decryptReply({
        token: config.token,
        encodingAesKey: config.encodingAesKey,
        receiveId: corpId,
        body: answer,
      });
      const reply = parseXml(plain);
      const { msgType, payload } = replyToPayload(reply);
      const { payload: normalised } = normalisePayload(msgType, payload);
      await this.db.transaction().execute((tx) =>
        storeAndDeliver(tx, row.org_id, {
          appId: row.app_id,
          conversation: `app:${agentId}`,
          memberIds: [row.from_member_id as number],
          msgType,
          payload: normalised,
          confidential: false,
        }),
      );
      return null;
    } catch (error) {
      return `the reply could not be used: ${(error as Error).message}`;
    }
  }

  private async retryLater(row: Due, error: string): Promise<void> {
    const attempts = row.attempts + 1;
    const wait = this.backoff[attempts - 1];
    if (wait === undefined) {
      await this.db
        .updateTable('callback_deliveries')
        .set({ status: 'failed', attempts, last_error: error })
        .where('id', '=', row.id)
        .execute();
      return;
    }
    const jitter = Math.floor(wait * 0.2 * Math.random());
    await this.db
      .updateTable('callback_deliveries')
      .set({ attempts, last_error: error, next_attempt_at: Date.now() + wait + jitter })
      .where('id', '=', row.id)
      .execute();
  }

  private async finish(row: Due, status: 'delivered' | 'failed', note: string | null): Promise<void> {
    await this.db
      .updateTable('callback_deliveries')
      .set({
        status,
        attempts: row.attempts + 1,
        last_error: note,
        delivered_at: status === 'delivered' ? Date.now() : null,
      })
      .where('id', '=', row.id)
      .execute();
  }
}

/** A passive reply's XML (wecom-api.md §7.4) as an app message of the same kind. */
function replyToPayload(reply: Record<string, unknown>): { msgType: string; payload: unknown } {
  const type = String(reply.MsgType ?? '');
  const nested = (key: string) => (reply[key] ?? {}) as Record<string, string>;
  switch (type) {
    case 'text':
      return { msgType: 'text', payload: { content: reply.Content } };
    case 'image':
      return { msgType: 'image', payload: { media_id: nested('Image').MediaId } };
    case 'voice':
      return { msgType: 'voice', payload: { media_id: nested('Voice').MediaId } };
    case 'video': {
      const v = nested('Video');
      return { msgType: 'video', payload: { media_id: v.MediaId, title: v.Title, description: v.Description } };
    }
    case 'news': {
      const items = (nested('Articles') as unknown as { item?: unknown }).item;
      const list = (Array.isArray(items) ? items : items ? [items] : []) as Record<string, string>[];
      return {
        msgType: 'news',
        payload: {
          articles: list.map((a) => ({ title: a.Title, description: a.Description, url: a.Url, picurl: a.PicUrl })),
        },
      };
    }
    default:
      throw new Error(`reply MsgType "${type}" is not supported`);
  }
}

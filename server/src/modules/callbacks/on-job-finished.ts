import type { Db } from '../../platform/db/database.js';
import type { ErrorKind } from '../../platform/errors.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import { errcodeOf } from '../../platform/errcodes.js';
import { ImportFinished } from '../directory/index.js';
import { enqueueAppEvents, type AppEvent } from './callbacks.service.js';

/**
 * `batch_job_result` (wecom-api.md §7.6) to the app that started an import, once it is done or refused.
 * Keyed by the outbox id, so relaying the event twice queues it once.
 */
export async function onJobFinished(db: Db, events: OutboxRow[]): Promise<void> {
  for (const e of events) {
    const p = ImportFinished.parse(e);
    if (!p) continue;
    const errCode = p.error ? (errcodeOf(p.error.code, p.error.kind as ErrorKind) ?? -1) : 0;
    const event: AppEvent = {
      appId: p.appId,
      eventKey: `outbox:${e.id}`,
      eventType: 'event:batch_job_result',
      fields: {
        FromUserName: 'sys',
        CreateTime: Math.floor(e.created_at / 1000),
        MsgType: 'event',
        Event: 'batch_job_result',
        BatchJob: { JobId: p.jobId, JobType: p.jobType, ErrCode: errCode, ErrMsg: p.error?.message ?? 'ok' },
      },
    };
    await db.transaction().execute((tx) => enqueueAppEvents(tx, e.org_id, [event]));
  }
}

import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { OrgContext } from '../../platform/context.js';
import type { MessageScheduleTable } from '../../platform/db/schema.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import { defineJob } from '../../platform/jobs/define-job.js';
import type { JobRunner } from '../../platform/jobs/jobs.js';
import type { Audience } from '../audience/index.js';
import { checkNear } from '../audience/index.js';
import type { MessageQuota } from './message-quota.js';
import { normalisePayload } from './messaging.payloads.js';
import { sendAppMessage } from './messaging.service.js';
import { assertMayActAsApp } from './messaging.policy.js';

/** A scheduled send firing at its time (定时). */
const SendScheduled = defineJob('messaging.send_scheduled', {
  version: 1,
  input: z.object({ scheduleId: z.string() }),
});
/** Scheduled at most a year ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000;

export type ScheduleAppMessageOptions = {
  app: { id: number; agentId: number };
  /** Resolved when it fires (a `near` geofence too), not now. */
  audience: Audience;
  msgType: string;
  payload: unknown;
  confidential?: boolean;
  /** When to send (ms since the epoch): in the future, at most a year ahead. */
  sendAt: number;
};

export type MessageSchedule = {
  scheduleId: string;
  audience: Audience;
  msgType: string;
  payload: unknown;
  confidential: boolean;
  sendAt: number;
  status: MessageScheduleTable['status'];
  /** Set once it has fired. */
  msgId: string | null;
  recipients: number | null;
  error: string | null;
};

function toSchedule(r: Selectable<MessageScheduleTable>): MessageSchedule {
  return {
    scheduleId: r.id,
    audience: JSON.parse(r.audience) as Audience,
    msgType: r.msg_type,
    payload: JSON.parse(r.payload),
    confidential: r.is_confidential === 1,
    sendAt: r.send_at,
    status: r.status,
    msgId: r.msg_id,
    recipients: r.recipients,
    error: r.error,
  };
}

function checkSendAt(sendAt: number): void {
  const now = Date.now();
  if (!Number.isFinite(sendAt) || sendAt <= now || sendAt > now + MAX_SCHEDULE_AHEAD_MS) {
    throw invalid('message.invalid_send_time', 'send time must be in the future and at most a year ahead');
  }
}

/** Validates what it can now (payload, geofence, time), so a mistake is refused at once, not when it fires. */
function checkRequest(options: Omit<ScheduleAppMessageOptions, 'app'>) {
  checkSendAt(options.sendAt);
  const a = options.audience;
  if (!a.all && !a.userIds?.length && !a.departmentIds?.length && !a.tagIds?.length) {
    throw invalid('message.all_invalid', 'the audience names nobody');
  }
  if (a.near) checkNear(a.near);
  return normalisePayload(options.msgType, options.payload).payload;
}

/** Stores an app message to send at `sendAt` and queues the durable job that sends it (定时). */
export async function scheduleAppMessage(ctx: OrgContext, options: ScheduleAppMessageOptions): Promise<string> {
  assertMayActAsApp(ctx.actor, options.app.id);
  const payload = checkRequest(options);
  const id = randomBytes(12).toString('hex');
  await ctx.db.transaction().execute(async (tx) => {
    const jobId = await SendScheduled.enqueue(tx, ctx.orgId, { scheduleId: id }, { runAt: options.sendAt });
    const now = Date.now();
    await tx
      .insertInto('message_schedules')
      .values({
        id,
        org_id: ctx.orgId,
        app_id: options.app.id,
        agent_id: options.app.agentId,
        audience: JSON.stringify(options.audience),
        msg_type: options.msgType,
        payload: JSON.stringify(payload),
        is_confidential: options.confidential ? 1 : 0,
        send_at: options.sendAt,
        status: 'scheduled',
        job_id: jobId,
        msg_id: null,
        recipients: null,
        error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  return id;
}

/** An app's scheduled sends, soonest first; `pendingOnly` leaves out those fired, failed or cancelled. */
export async function listSchedules(ctx: OrgContext, appId: number, pendingOnly = false): Promise<MessageSchedule[]> {
  assertMayActAsApp(ctx.actor, appId);
  let query = ctx.db
    .selectFrom('message_schedules')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('app_id', '=', appId);
  if (pendingOnly) query = query.where('status', '=', 'scheduled');
  const rows = await query.orderBy('send_at').limit(500).execute();
  return rows.map(toSchedule);
}

async function requirePending(ctx: OrgContext, appId: number, scheduleId: string) {
  const row = await ctx.db
    .selectFrom('message_schedules')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', scheduleId)
    .executeTakeFirst();
  if (!row || row.app_id !== appId) throw notFound('message.schedule_not_found', 'no such scheduled message');
  if (row.status !== 'scheduled') throw invalid('message.schedule_done', `the scheduled message is ${row.status}`);
  return row;
}

const alreadyFiring = () => invalid('message.schedule_done', 'the scheduled message is being sent');

export type EditScheduleOptions = Partial<Omit<ScheduleAppMessageOptions, 'app'>>;

/** Changes a scheduled send before it fires; refused once its job has started. */
export async function editSchedule(ctx: OrgContext, appId: number, scheduleId: string, changes: EditScheduleOptions) {
  assertMayActAsApp(ctx.actor, appId);
  const row = await requirePending(ctx, appId, scheduleId);
  const current = toSchedule(row);
  const next = {
    audience: changes.audience ?? current.audience,
    msgType: changes.msgType ?? current.msgType,
    payload: changes.payload ?? current.payload,
    confidential: changes.confidential ?? current.confidential,
    sendAt: changes.sendAt ?? current.sendAt,
  };
  const payload = checkRequest(next);
  await ctx.db.transaction().execute(async (tx) => {
    // The job moves only while still queued: once a runner has claimed it, the send is under way.
    const moved = await tx
      .updateTable('jobs')
      .set({ run_at: next.sendAt, updated_at: Date.now() })
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', row.job_id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw alreadyFiring();
    await tx
      .updateTable('message_schedules')
      .set({
        audience: JSON.stringify(next.audience),
        msg_type: next.msgType,
        payload: JSON.stringify(payload),
        is_confidential: next.confidential ? 1 : 0,
        send_at: next.sendAt,
        updated_at: Date.now(),
      })
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', scheduleId)
      .execute();
  });
}

/** Cancels a scheduled send before it fires: its job is removed, the schedule kept as cancelled. */
export async function cancelSchedule(ctx: OrgContext, appId: number, scheduleId: string): Promise<void> {
  assertMayActAsApp(ctx.actor, appId);
  const row = await requirePending(ctx, appId, scheduleId);
  await ctx.db.transaction().execute(async (tx) => {
    const removed = await tx
      .deleteFrom('jobs')
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', row.job_id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) throw alreadyFiring();
    await tx
      .updateTable('message_schedules')
      .set({ status: 'cancelled', updated_at: Date.now() })
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', scheduleId)
      .execute();
  });
}

/**
 * Sends scheduled messages when their job comes due. A refusal (nobody left in the audience, a deleted
 * file) is final: the schedule is `failed` with the reason and the job is done. Anything else (the database
 * went away) throws, and the runner retries.
 */
export function registerScheduledSends(jobs: JobRunner, services: { quota?: MessageQuota }): void {
  SendScheduled.handle(jobs, async ({ db, orgId, input }) => {
    const { scheduleId } = input;
    const ctx: OrgContext = { db, orgId, actor: { kind: 'system' } };
    const row = await db
      .selectFrom('message_schedules')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', scheduleId)
      .executeTakeFirst();
    if (!row || row.status !== 'scheduled') return { skipped: row?.status ?? 'missing' };
    const s = toSchedule(row);
    const settle = (values: Partial<Selectable<MessageScheduleTable>>) =>
      db
        .updateTable('message_schedules')
        .set({ ...values, updated_at: Date.now() })
        .where('id', '=', scheduleId)
        .execute();
    try {
      const result = await sendAppMessage(ctx, {
        app: { id: row.app_id, agentId: row.agent_id },
        audience: s.audience,
        msgType: s.msgType,
        payload: s.payload,
        confidential: s.confidential,
        quota: services.quota,
      });
      await settle({ status: 'sent', msg_id: result.msgId, recipients: result.recipients });
      return { msgId: result.msgId, recipients: result.recipients };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await settle({ status: 'failed', error: error.message });
      return { error: error.code };
    }
  });
}

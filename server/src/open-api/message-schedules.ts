import { invalid } from '../platform/errors.js';
import { cancelSchedule, listSchedules } from '../modules/messaging/index.js';
import { defineCgi } from './cgi.js';
import { requireApp } from './messages.js';

/**
 * Enclave extensions (docs/open-api.md): an app's scheduled sends, made with `message/send` + `send_time`.
 * `message/schedule/list` lists them, `message/schedule/cancel` cancels one before it fires.
 */
export function messageScheduleApi() {
  return [
    defineCgi({
      method: 'POST',
      path: 'message/schedule/list',
      auth: 'token',
      handler: async ({ ctx }) => {
        const app = requireApp(ctx, undefined);
        const schedules = await listSchedules(ctx, app.id);
        return {
          schedule_list: schedules.map((s) => ({
            schedule_id: s.scheduleId,
            send_time: Math.floor(s.sendAt / 1000),
            msgtype: s.msgType,
            status: s.status,
            msgid: s.msgId ?? '',
            recipients: s.recipients ?? 0,
            error: s.error ?? '',
          })),
        };
      },
    }),
    defineCgi({
      method: 'POST',
      path: 'message/schedule/cancel',
      auth: 'token',
      handler: async ({ ctx, body }) => {
        const app = requireApp(ctx, undefined);
        const id = body.requiredString('schedule_id', 'message.schedule_not_found', { max: 64 });
        if (!/^[0-9a-f]{24}$/.test(id)) throw invalid('message.schedule_not_found', 'no such scheduled message');
        await cancelSchedule(ctx, app.id, id);
        return {};
      },
    }),
  ];
}

import type { OrgContext } from '../platform/context.js';
import { DomainError, invalid } from '../platform/errors.js';
import type { Near } from '../modules/audience/index.js';
import { type MessageQuota, recallAppMessage, scheduleAppMessage, sendAppMessage } from '../modules/messaging/index.js';
import type { Fields } from './lenient.js';
import { defineCgi } from './cgi.js';

/** Only an app's own token sends as that app (WeCom's 301002 otherwise). */
export function requireApp(ctx: OrgContext, agentId: number | undefined) {
  if (ctx.actor.kind !== 'app')
    throw new DomainError('app.token_required', 'forbidden', 'use the token of the sending app');
  if (agentId !== undefined && agentId !== ctx.actor.agentId) {
    throw new DomainError(
      'app.not_this_app',
      'forbidden',
      `this token belongs to app ${ctx.actor.agentId}, not ${agentId}`,
    );
  }
  return { id: ctx.actor.appId, agentId: ctx.actor.agentId };
}

/** `touser`/`toparty`/`totag`: `|`-joined strings as WeCom documents them (arrays are accepted too). */
function splitList(body: Fields, name: string): string[] {
  const raw = body.stringList(name) ?? [];
  return raw
    .flatMap((s) => s.split('|'))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function idList(body: Fields, name: string, max: number, code: string): number[] {
  const items = splitList(body, name);
  if (items.length > max) throw invalid(code, `${name} may name at most ${max}`);
  return items.map((s) => {
    // Past 2^31 - 1 no department or tag can exist, and PostgreSQL's integer columns would fail the query.
    if (!/^\d+$/.test(s) || Number(s) > 2 ** 31 - 1)
      throw invalid('request.invalid', `${name} must hold ids, got "${s}"`);
    return Number(s);
  });
}

/**
 * Enclave's `near` (docs/open-api.md, "Enclave extensions"): `{latitude, longitude, radius, max_age}`, radius in
 * metres (≤ 50 km), max_age in minutes (default 60). Ranges are checked by the audience module.
 */
function readNear(body: Fields): Near | undefined {
  const raw = body.object('near');
  if (!raw) return undefined;
  const num = (name: string, fallback?: number): number => {
    const v = raw[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw invalid('message.invalid_near', `near.${name} must be a number`);
    }
    return v;
  };
  return {
    latitude: num('latitude'),
    longitude: num('longitude'),
    radiusMeters: num('radius'),
    maxAgeMinutes: num('max_age', 60),
  };
}

/** `message/send` and `message/recall`; `quota` holds WeCom's per-member message limits. */
export function messageApi(quota: MessageQuota) {
  return [
    defineCgi({
      method: 'POST',
      path: 'message/send',
      auth: 'token',
      handler: async ({ ctx, body }) => {
        const app = requireApp(ctx, body.requiredInt('agentid', 'app.agentid_missing', { min: 0 }));
        const users = splitList(body, 'touser');
        if (users.length > 1000) throw invalid('message.too_many_users', 'touser may name at most 1000 members');
        const all = users.includes('@all');
        const departmentIds = all ? [] : idList(body, 'toparty', 100, 'message.too_many_parties');
        const tagIds = all ? [] : idList(body, 'totag', 100, 'message.too_many_tags');
        const near = readNear(body);
        const named = all || users.length > 0 || departmentIds.length > 0 || tagIds.length > 0;
        // With `near` and nobody named, the geofence applies to everyone in the app's scope.
        if (!named && !near) throw invalid('message.all_invalid', 'touser, toparty and totag are all empty');
        const audience = all || !named ? { all: true, near } : { userIds: users, departmentIds, tagIds, near };
        const msgType = body.requiredString('msgtype', 'message.invalid_type', { max: 32 });
        const sendTime = body.int('send_time', { min: 0, max: 2 ** 32 - 1 });
        if (sendTime !== undefined) {
          const scheduleId = await scheduleAppMessage(ctx, {
            app,
            audience,
            msgType,
            payload: body.object(msgType),
            confidential: body.int('safe', { min: 0, max: 2 }) === 1,
            sendAt: sendTime * 1000,
          });
          // Who is invalid is known only when it fires; msgid too (see message/schedule/list).
          const none = { invaliduser: '', invalidparty: '', invalidtag: '', unlicenseduser: '' };
          return { ...none, msgid: '', response_code: '', schedule_id: scheduleId };
        }
        const interval = body.int('duplicate_check_interval', { min: 0, max: 4 * 3600 }) || 1800;
        try {
          const result = await sendAppMessage(ctx, {
            app,
            audience,
            msgType,
            payload: body.object(msgType),
            confidential: body.int('safe', { min: 0, max: 2 }) === 1,
            duplicateCheckSeconds: body.int('enable_duplicate_check', { min: 0, max: 1 }) === 1 ? interval : undefined,
            quota,
          });
          return {
            invaliduser: result.invalidUserIds.join('|'),
            invalidparty: result.invalidDepartmentIds.join('|'),
            invalidtag: result.invalidTagIds.join('|'),
            unlicenseduser: '',
            msgid: result.msgId,
            response_code: '',
          };
        } catch (error) {
          // All recipients invalid: WeCom still reports which ones, beside errcode 81013.
          if (error instanceof DomainError && error.code === 'message.all_invalid') {
            const d = error.details as {
              invalidUserIds?: string[];
              invalidDepartmentIds?: number[];
              invalidTagIds?: number[];
            };
            throw new DomainError(error.code, error.kind, error.message, {
              response: {
                invaliduser: (d.invalidUserIds ?? []).join('|'),
                invalidparty: (d.invalidDepartmentIds ?? []).join('|'),
                invalidtag: (d.invalidTagIds ?? []).join('|'),
              },
            });
          }
          throw error;
        }
      },
    }),
    defineCgi({
      method: 'POST',
      path: 'message/recall',
      auth: 'token',
      handler: async ({ ctx, body }) => {
        const app = requireApp(ctx, undefined);
        await recallAppMessage(ctx, app.id, body.requiredString('msgid', 'message.not_found', { max: 128 }));
        return {};
      },
    }),
  ];
}

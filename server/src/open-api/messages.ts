import type { OrgContext } from '../platform/context.js';
import { DomainError, invalid } from '../platform/errors.js';
import { type MessageQuota, recallAppMessage, sendAppMessage } from '../modules/messaging/index.js';
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
        if (!all && users.length === 0 && departmentIds.length === 0 && tagIds.length === 0) {
          throw invalid('message.all_invalid', 'touser, toparty and totag are all empty');
        }
        const msgType = body.requiredString('msgtype', 'message.invalid_type', { max: 32 });
        const interval = body.int('duplicate_check_interval', { min: 0, max: 4 * 3600 }) || 1800;
        try {
          const result = await sendAppMessage(ctx, {
            app,
            audience: all ? { all: true } : { userIds: users, departmentIds, tagIds },
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

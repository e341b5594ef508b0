import type { Member } from '../modules/directory/index.js';
import type { WindowCounters } from '../platform/counters.js';
import {
  assertAgentConfigType,
  exchangeCode,
  getAppJsapiTicket,
  getOrgJsapiTicket,
  getUserDetail,
  oauthErrors as E,
} from '../modules/oauth/index.js';
import { defineCgi } from './cgi.js';
import { requireApp } from './messages.js';

/** `getuserdetail`'s fields (wecom-api.md §8.2); the older path also carried name, department and position. */
function detailOf(m: Member, legacy: boolean) {
  const current = {
    userid: m.userId,
    gender: String(m.gender),
    avatar: m.avatar,
    qr_code: '',
    mobile: m.mobile ?? '',
    email: m.email ?? '',
    biz_mail: '',
    address: m.address,
  };
  return legacy
    ? { ...current, name: m.name, department: m.departments.map((d) => d.id), position: m.position }
    : current;
}

function userDetailApi(path: string, legacy: boolean) {
  return defineCgi({
    method: 'POST',
    path,
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const app = requireApp(ctx, undefined);
      const userTicket = body.requiredString('user_ticket', E.userTicketMissing, { max: 512 });
      return detailOf(await getUserDetail(ctx, { userTicket, agentId: app.agentId }), legacy);
    },
  });
}

/**
 * OAuth code exchange and member details (wecom-api.md §8.2) and JS-SDK tickets (§9). A code or ticket is
 * good only with a token of its org, and — when it was issued for an app — of that app.
 */
/** OAuth and JS-SDK tickets; `counters` holds the ticket fetch limits. */
export const oauthApi = (counters: WindowCounters) => [
  defineCgi({
    method: 'GET',
    path: 'auth/getuserinfo',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const app = requireApp(ctx, undefined);
      const code = query.requiredString('code', E.codeMissing, { max: 512 });
      const result = await exchangeCode(ctx, { code, agentId: app.agentId });
      return {
        userid: result.userId,
        ...(result.userTicket ? { user_ticket: result.userTicket, expires_in: result.expiresIn } : {}),
      };
    },
  }),
  defineCgi({
    // Legacy path still used by WxJava, silenceper, wechatpy and node-webot: CamelCase keys (§13 item 7).
    method: 'GET',
    path: 'user/getuserinfo',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const app = requireApp(ctx, query.int('agentid', { min: 0 }));
      const code = query.requiredString('code', E.codeMissing, { max: 512 });
      const result = await exchangeCode(ctx, { code, agentId: app.agentId });
      return {
        UserId: result.userId,
        DeviceId: '',
        userid: result.userId,
        ...(result.userTicket ? { user_ticket: result.userTicket, expires_in: result.expiresIn } : {}),
      };
    },
  }),
  userDetailApi('auth/getuserdetail', false),
  userDetailApi('user/getuserdetail', true),
  defineCgi({
    method: 'GET',
    path: 'get_jsapi_ticket',
    auth: 'token',
    handler: async ({ ctx }) => {
      const { ticket, expiresIn } = await getOrgJsapiTicket(ctx, counters);
      return { ticket, expires_in: expiresIn };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'ticket/get',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const app = requireApp(ctx, undefined);
      assertAgentConfigType(query.string('type', { max: 32 }));
      const { ticket, expiresIn } = await getAppJsapiTicket(ctx, counters, app.agentId);
      return { ticket, expires_in: expiresIn };
    },
  }),
];

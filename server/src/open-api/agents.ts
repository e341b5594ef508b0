import type { FastifyRequest } from 'fastify';
import type { OrgContext } from '../platform/context.js';
import { DomainError } from '../platform/errors.js';
import type { BlobStorage } from '../platform/storage/storage.js';
import {
  deleteAppMenu,
  getAppDetails,
  getAppMenu,
  normalizeAppSettings,
  setAppMenu,
  updateAppSettings,
  type AppDetails,
  type MenuItem,
  type UpdateAppSettingsOptions,
} from '../modules/apps/index.js';
import { publishMediaImage } from '../modules/media/index.js';
import { defineCgi } from './cgi.js';
import type { Fields } from './lenient.js';

/**
 * The app a token stands for, which must be the one named: a token reads and changes only its own app
 * (301002 otherwise); the directory secret's token has no app, so these APIs are not for it (48002).
 */
function ownApp(ctx: OrgContext, agentId: number): number {
  if (ctx.actor.kind !== 'app') {
    throw new DomainError(
      'app.api_forbidden',
      'forbidden',
      'api forbidden: use the token of an app, not the directory secret',
    );
  }
  if (agentId !== ctx.actor.agentId) {
    throw new DomainError(
      'app.not_this_app',
      'forbidden',
      `this token belongs to app ${ctx.actor.agentId}, not ${agentId}`,
    );
  }
  return agentId;
}

/** `agentid` from the query string (WeCom's documented place) or, leniently, the JSON body. */
function agentIdOf(query: Fields, body: Fields): number {
  const fromQuery = query.int('agentid', { min: 0 });
  return fromQuery ?? body.requiredInt('agentid', 'app.agentid_missing', { min: 0 });
}

/** Our public image paths become absolute URLs on the host the caller used; external URLs stay as they are. */
export function absoluteUrl(request: FastifyRequest, url: string): string {
  return url.startsWith('/') ? `${request.protocol}://${request.host}${url}` : url;
}

function agentView(request: FastifyRequest, app: AppDetails) {
  return {
    agentid: app.agentId,
    name: app.name,
    square_logo_url: absoluteUrl(request, app.squareLogoUrl),
    description: app.description,
    allow_userinfos: { user: app.scope.memberUserIds.map((userid) => ({ userid })) },
    allow_partys: { partyid: app.scope.departmentIds },
    allow_tags: { tagid: app.scope.tagIds },
    close: app.isEnabled ? 0 : 1,
    redirect_domain: app.redirectDomain,
    report_location_flag: app.reportLocation ? 1 : 0,
    isreportenter: app.reportEnter ? 1 : 0,
    home_url: app.homeUrl,
  };
}

/** WeCom's button JSON → our menu items (types unchecked: the service validates). */
function menuItemOf(button: unknown): unknown {
  if (typeof button !== 'object' || button === null || Array.isArray(button)) return button;
  const b = button as Record<string, unknown>;
  const sub = b.sub_button;
  return {
    name: b.name,
    type: b.type,
    key: b.key,
    url: b.url,
    appId: b.appid,
    pagePath: b.pagepath,
    items: Array.isArray(sub) ? sub.map(menuItemOf) : sub,
  };
}

/** Our menu item → WeCom's button; actions carry `sub_button: []` as WeCom's menu/get does. */
function buttonOf(item: MenuItem): Record<string, unknown> {
  if ('items' in item) return { name: item.name, sub_button: item.items.map(buttonOf) };
  if (item.type === 'view') return { type: item.type, name: item.name, url: item.url, sub_button: [] };
  if (item.type === 'view_miniprogram') {
    return { type: item.type, name: item.name, appid: item.appId, pagepath: item.pagePath, sub_button: [] };
  }
  return { type: item.type, name: item.name, key: item.key, sub_button: [] };
}

/** Strings SDKs send empty when unset count as not given (wecom-api.md §1.1). */
function optionalText(body: Fields, name: string, max: number): string | undefined {
  const value = body.string(name, { max });
  return value === undefined || value === '' ? undefined : value;
}

/** `agent/get`, `agent/list`, `agent/set` (wecom-api.md §6.1) and `menu/*` (§6.2). */
export function agentApi(storage: BlobStorage) {
  return [
    defineCgi({
      method: 'GET',
      path: 'agent/get',
      auth: 'token',
      handler: async ({ ctx, query, body, request }) => {
        const agentId = ownApp(ctx, agentIdOf(query, body));
        return agentView(request, await getAppDetails(ctx, agentId));
      },
    }),
    defineCgi({
      method: 'GET',
      path: 'agent/list',
      auth: 'token',
      handler: async ({ ctx, request }) => {
        const agentId = ownApp(ctx, ctx.actor.kind === 'app' ? ctx.actor.agentId : 0);
        const app = await getAppDetails(ctx, agentId);
        return {
          agentlist: [
            { agentid: app.agentId, name: app.name, square_logo_url: absoluteUrl(request, app.squareLogoUrl) },
          ],
        };
      },
    }),
    defineCgi({
      method: 'POST',
      path: 'agent/set',
      auth: 'token',
      handler: async ({ ctx, body }) => {
        const agentId = ownApp(ctx, body.requiredInt('agentid', 'app.agentid_missing', { min: 0 }));
        const reportLocation = body.int('report_location_flag', { min: 0, max: 1 });
        const reportEnter = body.int('isreportenter', { min: 0, max: 1 });
        const options: UpdateAppSettingsOptions = {
          name: optionalText(body, 'name', 256),
          description: optionalText(body, 'description', 1024),
          redirectDomain: optionalText(body, 'redirect_domain', 260),
          homeUrl: optionalText(body, 'home_url', 2048),
          reportLocation: reportLocation === undefined ? undefined : reportLocation === 1,
          reportEnter: reportEnter === undefined ? undefined : reportEnter === 1,
        };
        // Refuse bad fields before the logo is copied, so a refused call stores nothing.
        normalizeAppSettings(options);
        const logoMediaId = optionalText(body, 'logo_mediaid', 128);
        if (logoMediaId) options.logo = { mediaId: (await publishMediaImage(ctx, storage, logoMediaId)).id };
        await updateAppSettings(ctx, agentId, options);
      },
    }),
    defineCgi({
      method: 'POST',
      path: 'menu/create',
      auth: 'token',
      handler: async ({ ctx, query, body, rawBody }) => {
        const agentId = ownApp(ctx, agentIdOf(query, body));
        const buttons = (rawBody as Record<string, unknown> | undefined)?.button;
        await setAppMenu(ctx, agentId, Array.isArray(buttons) ? buttons.map(menuItemOf) : buttons);
      },
    }),
    defineCgi({
      method: 'GET',
      path: 'menu/get',
      auth: 'token',
      handler: async ({ ctx, query, body }) => {
        const agentId = ownApp(ctx, agentIdOf(query, body));
        return { button: (await getAppMenu(ctx, agentId)).map(buttonOf) };
      },
    }),
    defineCgi({
      method: 'GET',
      path: 'menu/delete',
      auth: 'token',
      handler: async ({ ctx, query, body }) => {
        await deleteAppMenu(ctx, ownApp(ctx, agentIdOf(query, body)));
      },
    }),
  ];
}

import type { OrgContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/database.js';
import { invalid } from '../../platform/errors.js';
import { forgetTokens, markTokensRevoked } from '../access-tokens/index.js';
import { idsByUserIds, listTags, loadMembersByIds, loadTree } from '../directory/index.js';
import { hasPublicImage, publicImagePath } from '../media/index.js';
import { appErrors as E } from './apps.errors.js';
import { parseStoredMenu, type MenuItem } from './apps.menu.js';
import { assertCanConfigureApp, assertCanManageApps } from './apps.policy.js';
import { getAppScope, requireApp, setAppScope, type App, type AppRow } from './apps.service.js';

/** An app with everything WeCom's agent/get shows, its menu and its visible scope. */
export type AppDetails = App & {
  /** An external URL, or the path of a public image stored with us (`/media/images/…`); '' when unset. */
  squareLogoUrl: string;
  homeUrl: string;
  /**
   * The trusted domain (可信域名): the one host, with its port when not the default, that may receive OAuth
   * codes for the app and host pages the JS-SDK signs for. '' (the default) trusts no host.
   */
  redirectDomain: string;
  /** Whether the client reports members' locations to the app (WeCom's report_location_flag). */
  reportLocation: boolean;
  /** Whether entering the app sends it an enter_agent event (WeCom's isreportenter). */
  reportEnter: boolean;
  /** Whether the app is opened to the external contacts its scope holds (off by default; an Enclave setting). */
  externalContacts: boolean;
  menu: MenuItem[] | null;
  scope: { memberUserIds: string[]; departmentIds: number[]; tagIds: number[] };
};

export type UpdateAppSettingsOptions = {
  /** 1–32 characters. */
  name?: string;
  /** 4–120 characters. */
  description?: string;
  /** An external http(s) URL, or a public image of this org (`media.is_public`); null removes the logo. */
  logo?: { url: string } | { mediaId: string } | null;
  /** http(s) URL opened when a member enters the app; '' clears it. */
  homeUrl?: string;
  /** The trusted domain: a host name, with a port when not 80/443 (matched exactly); '' clears it. */
  redirectDomain?: string;
  reportLocation?: boolean;
  reportEnter?: boolean;
  externalContacts?: boolean;
};

const HOST = /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

function isHttpUrl(value: string): boolean {
  if (value.length > 1024) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Checks and trims settings without touching the store, so an edge can refuse them before other work. */
export function normalizeAppSettings(options: UpdateAppSettingsOptions): UpdateAppSettingsOptions {
  const out: UpdateAppSettingsOptions = { ...options };
  if (options.name !== undefined) {
    out.name = options.name.trim();
    if (out.name.length === 0 || [...out.name].length > 32)
      throw invalid(E.invalidName, 'app name must be 1 to 32 characters');
  }
  if (options.description !== undefined) {
    out.description = options.description.trim();
    const length = [...out.description].length;
    if (length < 4 || length > 120) throw invalid(E.invalidDescription, 'app description must be 4 to 120 characters');
  }
  if (options.homeUrl !== undefined) {
    out.homeUrl = options.homeUrl.trim();
    if (out.homeUrl !== '' && !isHttpUrl(out.homeUrl))
      throw invalid(E.invalidHomeUrl, 'home_url must be an http(s) URL');
  }
  if (options.redirectDomain !== undefined) {
    // A default port is the same site as no port (URL.host drops it), so it is stored without one.
    out.redirectDomain = options.redirectDomain
      .trim()
      .toLowerCase()
      .replace(/:(80|443)$/, '');
    if (out.redirectDomain !== '' && !HOST.test(out.redirectDomain)) {
      throw invalid(
        E.invalidRedirectDomain,
        'redirect_domain must be one host name such as app.example.com (a port only when not 80 or 443; no scheme, path or wildcard)',
      );
    }
  }
  if (options.logo && 'url' in options.logo) {
    const url = options.logo.url.trim();
    if (!isHttpUrl(url)) throw invalid(E.invalidLogoUrl, 'the logo must be an http(s) URL');
    out.logo = { url };
  }
  return out;
}

function toApp(row: AppRow): App {
  return {
    id: row.id,
    agentId: row.agent_id,
    name: row.name,
    description: row.description,
    canWriteDirectory: row.can_write_directory === 1,
    isEnabled: row.is_enabled === 1,
  };
}

async function detailsOf(ctx: OrgContext, row: AppRow): Promise<AppDetails> {
  const scope = await getAppScope(ctx.db, ctx.orgId, row.id);
  const members = await loadMembersByIds(ctx.db, ctx.orgId, scope.memberIds);
  return {
    ...toApp(row),
    squareLogoUrl: row.logo_media_id ? publicImagePath(row.logo_media_id) : (row.logo_url ?? ''),
    homeUrl: row.home_url,
    redirectDomain: row.redirect_domain,
    reportLocation: row.report_location_flag === 1,
    reportEnter: row.is_report_enter === 1,
    externalContacts: row.external_contacts === 1,
    menu: parseStoredMenu(row.menu),
    scope: {
      memberUserIds: members.map((m) => m.userId),
      departmentIds: [...scope.departmentIds].sort((a, b) => a - b),
      tagIds: [...scope.tagIds].sort((a, b) => a - b),
    },
  };
}

/** An app's settings, menu and scope; app managers, or the app itself, may read them. */
export async function getAppDetails(ctx: OrgContext, agentId: number): Promise<AppDetails> {
  const row = await requireApp(ctx.db, ctx.orgId, agentId);
  assertCanConfigureApp(ctx.actor, row);
  return detailsOf(ctx, row);
}

/** Changes the given settings and leaves the others as they are. */
export async function updateAppSettings(
  ctx: OrgContext,
  agentId: number,
  options: UpdateAppSettingsOptions,
): Promise<AppDetails> {
  const row = await requireApp(ctx.db, ctx.orgId, agentId);
  assertCanConfigureApp(ctx.actor, row);
  const s = normalizeAppSettings(options);
  if (s.logo && 'mediaId' in s.logo && !(await hasPublicImage(ctx, s.logo.mediaId))) {
    throw invalid(E.invalidLogoUrl, 'the logo must be an image uploaded to this org');
  }
  const logo =
    s.logo === undefined
      ? {}
      : s.logo === null
        ? { logo_url: null, logo_media_id: null }
        : 'url' in s.logo
          ? { logo_url: s.logo.url, logo_media_id: null }
          : { logo_url: null, logo_media_id: s.logo.mediaId };
  const changes = {
    ...logo,
    ...(s.name !== undefined && { name: s.name }),
    ...(s.description !== undefined && { description: s.description }),
    ...(s.homeUrl !== undefined && { home_url: s.homeUrl }),
    ...(s.redirectDomain !== undefined && { redirect_domain: s.redirectDomain }),
    ...(s.reportLocation !== undefined && { report_location_flag: s.reportLocation ? 1 : 0 }),
    ...(s.reportEnter !== undefined && { is_report_enter: s.reportEnter ? 1 : 0 }),
    ...(s.externalContacts !== undefined && { external_contacts: s.externalContacts ? 1 : 0 }),
  };
  // Tokens carry whom the app reaches: opening it to external contacts or closing it is read again everywhere.
  const reachChanged = s.externalContacts !== undefined && (row.external_contacts === 1) !== s.externalContacts;
  if (Object.keys(changes).length > 0) {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.updateTable('apps').set(changes).where('org_id', '=', ctx.orgId).where('id', '=', row.id).execute();
      if (reachChanged) await markTokensRevoked(tx);
    });
    if (reachChanged) forgetTokens(ctx.db);
  }
  return getAppDetails(ctx, agentId);
}

/**
 * The enabled apps of an org whose trusted domain is this host (`URL.host`: lower case, with a port when not
 * the default). WeCom matches the domain exactly: no wildcards, no subdomains; '' matches nothing.
 */
export async function listAppsTrustingHost(db: Queryable, orgId: number, host: string): Promise<AppRow[]> {
  const wanted = host.trim().toLowerCase();
  if (wanted === '') return [];
  return db
    .selectFrom('apps')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('redirect_domain', '=', wanted)
    .where('is_enabled', '=', 1)
    .orderBy('agent_id')
    .execute();
}

/** Enables or disables an app; a disabled app's tokens answer 50003 at once, on every process (ADR 0004). */
export async function setAppEnabled(ctx: OrgContext, agentId: number, enabled: boolean): Promise<AppDetails> {
  assertCanManageApps(ctx.actor);
  const row = await requireApp(ctx.db, ctx.orgId, agentId);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('apps')
      .set({ is_enabled: enabled ? 1 : 0 })
      .where('org_id', '=', ctx.orgId)
      .where('id', '=', row.id)
      .execute();
    if (!enabled) await markTokensRevoked(tx);
  });
  if (!enabled) forgetTokens(ctx.db);
  return detailsOf(ctx, { ...row, is_enabled: enabled ? 1 : 0 });
}

export type AppScopeChange = { userIds: string[]; departmentIds: number[]; tagIds: number[] };

/** Replaces an app's visible scope, naming members by userid; any unknown member, department or tag refuses it all. */
export async function replaceAppScope(ctx: OrgContext, agentId: number, change: AppScopeChange): Promise<AppDetails> {
  assertCanManageApps(ctx.actor);
  await requireApp(ctx.db, ctx.orgId, agentId);
  const ids = await idsByUserIds(ctx.db, ctx.orgId, change.userIds);
  const unknownUsers = change.userIds.filter((u) => !ids.has(u.toLowerCase()));
  if (unknownUsers.length > 0) {
    throw invalid(E.unknownScopeMembers, `unknown members: ${unknownUsers.join(', ')}`, { userIds: unknownUsers });
  }
  const tree = await loadTree(ctx.db, ctx.orgId);
  const unknownDepartments = change.departmentIds.filter((id) => !tree.has(id));
  if (unknownDepartments.length > 0) {
    throw invalid(E.unknownScopeDepartments, `unknown departments: ${unknownDepartments.join(', ')}`, {
      departmentIds: unknownDepartments,
    });
  }
  const tags = new Set((await listTags(ctx)).map((t) => t.id));
  const unknownTags = change.tagIds.filter((id) => !tags.has(id));
  if (unknownTags.length > 0) {
    throw invalid(E.unknownScopeTags, `unknown tags: ${unknownTags.join(', ')}`, { tagIds: unknownTags });
  }
  await setAppScope(ctx, agentId, {
    memberIds: [...new Set(ids.values())],
    departmentIds: [...new Set(change.departmentIds)],
    tagIds: [...new Set(change.tagIds)],
  });
  return getAppDetails(ctx, agentId);
}

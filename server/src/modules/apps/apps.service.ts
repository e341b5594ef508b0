import type { Selectable } from 'kysely';
import { forgetTokens, markTokensRevoked, revokeTokens } from '../access-tokens/index.js';
import { type OrgContext, type VisibleScope, visibleScopeOf } from '../../platform/context.js';
import type { Db, Queryable } from '../../platform/db/database.js';
import type { AppTable } from '../../platform/db/schema.js';
import { invalid, notFound } from '../../platform/errors.js';
import { assertCanManageApps } from './apps.policy.js';
import { recordEvent } from '../../platform/outbox/outbox.js';
import { hashToken, randomToken } from '../../platform/secrets.js';
import { resolveAudience } from '../audience/index.js';
import { AppScopeChanged } from './apps.events.js';

/** WeCom numbers an org's own apps from 1000002 (1000001 is reserved). */
const FIRST_AGENT_ID = 1_000_002;

export type App = {
  id: number;
  agentId: number;
  name: string;
  description: string;
  canWriteDirectory: boolean;
  isEnabled: boolean;
};

export type CreateAppOptions = {
  name: string;
  description?: string;
  /** Lets the app's secret edit the directory through the open API, as an HR sync app needs. */
  canWriteDirectory?: boolean;
};

function assertOrgAdmin(ctx: OrgContext): void {
  assertCanManageApps(ctx.actor);
}

/** Creates an app visible to the whole org; the secret is returned once and stored hashed. */
export async function createApp(ctx: OrgContext, options: CreateAppOptions): Promise<{ app: App; secret: string }> {
  assertOrgAdmin(ctx);
  const name = options.name.trim();
  if (name.length === 0 || [...name].length > 32)
    throw invalid('app.invalid_name', 'app name must be 1 to 32 characters');
  const secret = randomToken(32);
  return ctx.db.transaction().execute(async (tx) => {
    const max = await tx
      .selectFrom('apps')
      .select((eb) => eb.fn.max('agent_id').as('max'))
      .where('org_id', '=', ctx.orgId)
      .executeTakeFirst();
    const agentId = Math.max(Number(max?.max ?? 0) + 1, FIRST_AGENT_ID);
    const row = await tx
      .insertInto('apps')
      .values({
        org_id: ctx.orgId,
        agent_id: agentId,
        name,
        description: options.description?.trim() ?? '',
        secret_hash: hashToken(secret),
        can_write_directory: options.canWriteDirectory ? 1 : 0,
        is_enabled: 1,
        created_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A new app sees the whole org (the root department) until an admin narrows its scope.
    await tx
      .insertInto('app_scopes')
      .values({ org_id: ctx.orgId, app_id: row.id, kind: 'department', ref_id: 1 })
      .execute();
    const app: App = {
      id: row.id,
      agentId,
      name,
      description: options.description?.trim() ?? '',
      canWriteDirectory: options.canWriteDirectory ?? false,
      isEnabled: true,
    };
    return { app, secret };
  });
}

export async function listApps(ctx: OrgContext): Promise<App[]> {
  const rows = await ctx.db
    .selectFrom('apps')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .orderBy('agent_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agentId: r.agent_id,
    name: r.name,
    description: r.description,
    canWriteDirectory: r.can_write_directory === 1,
    isEnabled: r.is_enabled === 1,
  }));
}

/** Replaces an app's secret; every token minted with the old one stops working at once. */
export async function rotateAppSecret(ctx: OrgContext, agentId: number): Promise<string> {
  assertOrgAdmin(ctx);
  const secret = randomToken(32);
  await ctx.db.transaction().execute(async (tx) => {
    const app = await tx
      .selectFrom('apps')
      .select('id')
      .where('org_id', '=', ctx.orgId)
      .where('agent_id', '=', agentId)
      .executeTakeFirst();
    if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
    await tx
      .updateTable('apps')
      .set({ secret_hash: hashToken(secret) })
      .where('id', '=', app.id)
      .execute();
    await revokeTokens(tx, ctx.orgId, app.id);
  });
  forgetTokens(ctx.db);
  return secret;
}

/** Finds the app a secret belongs to within an org (secrets are unique random tokens). */
export async function findAppBySecret(db: Db, orgId: number, secret: string) {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('secret_hash', '=', hashToken(secret))
    .executeTakeFirst();
}

/** An app's visible scope (platform/context's VisibleScope, which tokens carry). */
export type AppScope = VisibleScope;

/** The members, departments and tags an app may see and message, and whether external contacts among them. */
export async function getAppScope(db: Queryable, orgId: number, appId: number): Promise<AppScope> {
  const [rows, app] = await Promise.all([
    db
      .selectFrom('app_scopes')
      .select(['kind', 'ref_id'])
      .where('org_id', '=', orgId)
      .where('app_id', '=', appId)
      .execute(),
    db
      .selectFrom('apps')
      .select('external_contacts')
      .where('org_id', '=', orgId)
      .where('id', '=', appId)
      .executeTakeFirst(),
  ]);
  return visibleScopeOf(rows, app?.external_contacts === 1);
}

export type AppRow = Selectable<AppTable>;

export async function findAppByAgentId(db: Queryable, orgId: number, agentId: number): Promise<AppRow | undefined> {
  return db
    .selectFrom('apps')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('agent_id', '=', agentId)
    .executeTakeFirst();
}

/** The app with this agent id in this org, or `app.not_found` (WeCom's 40056). */
export async function requireApp(db: Queryable, orgId: number, agentId: number): Promise<AppRow> {
  const app = await findAppByAgentId(db, orgId, agentId);
  if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
  return app;
}

/** Replaces an app's visible scope (members by internal id, departments, tags). */
export async function setAppScope(ctx: OrgContext, agentId: number, scope: AppScope): Promise<void> {
  assertOrgAdmin(ctx);
  await ctx.db.transaction().execute(async (tx) => {
    const app = await findAppByAgentId(tx, ctx.orgId, agentId);
    if (!app) throw notFound('app.not_found', `app ${agentId} does not exist`);
    const before = await resolveAudience(tx, ctx.orgId, { all: true }, await getAppScope(tx, ctx.orgId, app.id));
    await tx.deleteFrom('app_scopes').where('app_id', '=', app.id).execute();
    const rows = [
      ...scope.memberIds.map((ref_id) => ({ kind: 'member' as const, ref_id })),
      ...scope.departmentIds.map((ref_id) => ({ kind: 'department' as const, ref_id })),
      ...scope.tagIds.map((ref_id) => ({ kind: 'tag' as const, ref_id })),
    ];
    if (rows.length > 0) {
      await tx
        .insertInto('app_scopes')
        .values(rows.map((r) => ({ ...r, org_id: ctx.orgId, app_id: app.id })))
        .execute();
    }
    // Who entered and who left the app's range, so its callback hears subscribe / unsubscribe for them.
    const after = await resolveAudience(tx, ctx.orgId, { all: true }, await getAppScope(tx, ctx.orgId, app.id));
    const was = new Set(before.memberIds);
    const is = new Set(after.memberIds);
    const added = after.memberIds.filter((id) => !was.has(id));
    const removed = before.memberIds.filter((id) => !is.has(id));
    if (added.length > 0 || removed.length > 0) {
      await recordEvent(tx, ctx.orgId, AppScopeChanged.of({ appId: app.id, added, removed }));
    }
    // Tokens carry the scope they were read with: every process reads it again from the next call on.
    await markTokensRevoked(tx);
  });
  forgetTokens(ctx.db);
}

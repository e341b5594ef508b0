import type { OrgContext } from '../../platform/context.js';
import { parseStoredMenu } from '../apps/index.js';
import { getAppScope } from '../apps/index.js';
import { resolveAudience } from '../audience/index.js';
import { memberOf } from './chat.service.js';

/** The enabled apps whose visible scope includes the member, for the workbench and app conversations. */
export async function listWorkbenchApps(ctx: OrgContext) {
  const me = memberOf(ctx);
  const apps = await ctx.db
    .selectFrom('apps')
    .select(['id', 'agent_id', 'name', 'description', 'home_url', 'logo_url', 'menu'])
    .where('org_id', '=', ctx.orgId)
    .where('is_enabled', '=', 1)
    .orderBy('agent_id')
    .execute();
  const visible = [];
  for (const app of apps) {
    const scope = await getAppScope(ctx.db, ctx.orgId, app.id);
    const reach = await resolveAudience(ctx.db, ctx.orgId, { userIds: [me.userId] }, scope);
    if (reach.memberIds.length === 0) continue;
    visible.push({
      agentId: app.agent_id,
      name: app.name,
      description: app.description,
      homeUrl: app.home_url,
      logoUrl: app.logo_url,
      menu: parseStoredMenu(app.menu),
    });
  }
  return visible;
}

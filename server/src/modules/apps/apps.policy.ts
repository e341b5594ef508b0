import { actsForWholeOrg, type Actor } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { appErrors } from './apps.errors.js';

/** Whether the actor runs the whole org's apps: the owner, org-wide admins, and Enclave itself. */
export function canManageApps(actor: Actor): boolean {
  return actsForWholeOrg(actor);
}

/** Whether the actor may change this app's settings and menu: app managers, or the app itself (agent/set). */
export function canConfigureApp(actor: Actor, app: { id: number }): boolean {
  return canManageApps(actor) || (actor.kind === 'app' && actor.appId === app.id);
}

export function assertCanManageApps(actor: Actor): void {
  if (!canManageApps(actor)) throw forbidden(appErrors.noPrivilege, 'only the owner and org-wide admins manage apps');
}

export function assertCanConfigureApp(actor: Actor, app: { id: number }): void {
  if (!canConfigureApp(actor, app)) {
    throw forbidden(appErrors.noPrivilege, 'only app managers and the app itself change its settings');
  }
}

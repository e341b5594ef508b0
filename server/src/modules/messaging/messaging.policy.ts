import { actsForWholeOrg, type Actor } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';

/**
 * Who may act as an app's sender — send and schedule its messages, recall them, read their receipts: the app
 * itself (its own token), Enclave (scheduled sends firing), and the owner and org-wide admins from the console.
 */
export function assertMayActAsApp(actor: Actor, appId: number): void {
  if (actor.kind === 'app') {
    if (actor.appId === appId) return;
    throw forbidden('app.not_this_app', `this token belongs to app ${actor.agentId}, not to the app it acts for`);
  }
  if (!actsForWholeOrg(actor)) {
    throw forbidden('app.no_privilege', 'only the owner and org-wide admins send messages as an app');
  }
}

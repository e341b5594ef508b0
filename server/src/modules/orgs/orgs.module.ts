import { defineModule } from '../../platform/module.js';
import { orgRoutes, type OrgRoutesOptions } from './orgs.routes.js';

/** Orgs, admins and their sessions, with the process's sign-in limits and the sign-up mailer. */
export function orgsModule(options: OrgRoutesOptions) {
  return defineModule({ name: 'orgs', routes: () => orgRoutes(options) });
}

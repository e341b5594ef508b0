import { defineModule } from '../../platform/module.js';
import type { SignInAttempts } from '../../platform/sign-in-limits.js';
import { orgRoutes } from './orgs.routes.js';

/** Orgs, admins and their sessions, with the process's sign-in limits. */
export function orgsModule(options: { attempts: SignInAttempts }) {
  return defineModule({ name: 'orgs', routes: () => orgRoutes(options) });
}

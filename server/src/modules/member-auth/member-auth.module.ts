import { defineModule } from '../../platform/module.js';
import type { SignInAttempts } from '../../platform/sign-in-limits.js';
import { memberAuthRoutes } from './member-auth.routes.js';
import type { CodeSender } from './senders.js';

/** Joining and member sign-in, with the process's code sender and sign-in limits. */
export function memberAuthModule(options: { sender: CodeSender; attempts: SignInAttempts; secureCookies: boolean }) {
  return defineModule({ name: 'member-auth', routes: () => memberAuthRoutes(options) });
}

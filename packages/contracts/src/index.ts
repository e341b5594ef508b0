/**
 * The wire shapes between Enclave's server and its web app (DESIGN.md §3, §7): every client and admin API
 * route declares its answer with one of these (`defineRoute({ response })`), the server checks its answers
 * against them in development and tests, and the web takes its types from here, so the two cannot disagree
 * on a shape without a failing check. One file per area.
 */
export * from './common.js';
export * from './orgs.js';
export * from './auth.js';
export * from './directory.js';
export * from './imports.js';
export * from './apps.js';
export * from './callbacks.js';
export * from './app-conversations.js';
export * from './messaging.js';
export * from './chat.js';
export * from './media.js';
export * from './jobs.js';
export * from './oauth.js';
export * from './realtime.js';

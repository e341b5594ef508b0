/**
 * The wire shapes between Enclave's server and its web app (DESIGN.md §3, §7): the server declares each
 * route's answer with one of these and is tested against it; the web takes its types from here, so the two
 * cannot disagree on a shape without a failing check.
 */
export * from './apps.js';

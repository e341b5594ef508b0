export * from './apps.service.js';
export * from './apps.settings.js';
export * from './apps.menu.js';
export { appErrors, menuErrors } from './apps.errors.js';
export { assertCanManageApps, canConfigureApp, canManageApps } from './apps.policy.js';
export { appRoutes } from './apps.routes.js';
export { appsModule } from './apps.module.js';
export { AppScopeChanged } from './apps.events.js';

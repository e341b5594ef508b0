export { chatRoutes } from './chat.routes.js';
export { listWorkbenchApps } from './workbench.js';
export { chatErrors } from './chat.errors.js';

export { chatRoutes } from './chat.routes.js';
export { listWorkbenchApps } from './workbench.js';
export { chatErrors } from './chat.errors.js';
export { chatModule } from './chat.module.js';

export * from './media.service.js';
export * from './media.images.js';
export { mediaRoutes } from './media.routes.js';
export { memberMediaRoutes } from './member-media.routes.js';
export { memberMediaAccess } from './member-media.access.js';
export { mediaModule } from './media.module.js';

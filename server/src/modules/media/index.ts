export * from './media.service.js';
export * from './media.images.js';
export { mediaRoutes } from './media.routes.js';

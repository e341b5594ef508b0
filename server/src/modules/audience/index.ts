export {
  resolveAudience,
  scopeBounds,
  type Audience,
  type ResolvedAudience,
  type Scope,
  type ScopeBounds,
} from './audience.service.js';
export { checkNear, distanceMeters, MAX_AGE_MINUTES, MAX_RADIUS_METERS, type Near } from './near.js';

export { resolveAudience, type Audience, type ResolvedAudience, type Scope } from './audience.service.js';
export { checkNear, distanceMeters, MAX_AGE_MINUTES, MAX_RADIUS_METERS, type Near } from './near.js';

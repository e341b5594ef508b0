export { resolveAudience, type Audience, type ResolvedAudience, type Scope } from './audience.service.js';

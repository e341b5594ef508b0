import type { Services } from '../app.js';
import { batchApi } from './batch.js';
import type { CgiRoute } from './cgi.js';
import { departmentApi } from './departments.js';
import { mediaApi } from './media.js';
import { messageApi } from './messages.js';
import { tagApi } from './tags.js';
import { tokenApi } from './token.js';
import { userApi } from './users.js';

/** Every /cgi-bin endpoint Enclave serves. */
export function openApiRoutes(services: Services): CgiRoute[] {
  return [
    ...tokenApi,
    ...departmentApi,
    ...userApi,
    ...tagApi,
    ...messageApi,
    ...mediaApi(services.storage),
    ...batchApi(services),
  ];
}

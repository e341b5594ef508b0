import type { Services } from '../app.js';
import { agentApi } from './agents.js';
import { appChatApi } from './appchat.js';
import { batchApi } from './batch.js';
import type { CgiRoute } from './cgi.js';
import { departmentApi } from './departments.js';
import { imageApi } from './images.js';
import { mediaApi } from './media.js';
import { messageApi } from './messages.js';
import { messageScheduleApi } from './message-schedules.js';
import { oauthApi } from './oauth.js';
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
    ...messageApi(services.quota),
    ...messageScheduleApi(),
    ...appChatApi,
    ...mediaApi(services.storage),
    ...imageApi(services.storage),
    ...agentApi(services.storage),
    ...batchApi(services),
    ...oauthApi(services.counters),
  ];
}

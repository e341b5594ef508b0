export {
  postMessageToApp,
  reportEventToApp,
  findMemberLocation,
  type PostOptions,
} from './app-conversations.service.js';
export type { MemberEvent, MemberMessage } from './app-conversations.inbound.js';
export { appConversationErrors } from './app-conversations.errors.js';
export { appConversationRoutes } from './app-conversations.routes.js';
export { appConversationsModule } from './app-conversations.module.js';

export {
  APP_CHAT_MESSAGE_TYPES,
  createAppChat,
  getAppChat,
  sendToAppChat,
  updateAppChat,
  MAX_MEMBERS,
  MAX_NAME_LENGTH,
  MIN_MEMBERS,
  type AppChat,
  type CreateAppChatOptions,
  type SendToAppChatOptions,
  type UpdateAppChatOptions,
} from './app-chats.service.js';
export { appChatErrors } from './app-chats.errors.js';
export { AppChatCreated, AppChatUpdated } from './app-chats.events.js';

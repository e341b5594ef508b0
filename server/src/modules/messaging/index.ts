export {
  listInbox,
  recallAppMessage,
  sendAppMessage,
  storeAndDeliver,
  recordRecall,
  type DeliveryOptions,
  RECALL_WINDOW_MS,
  type SendAppMessageOptions,
  type SendResult,
} from './messaging.service.js';
export { messageErrors } from './messaging.errors.js';
export { MESSAGE_TYPES, normalisePayload } from './messaging.payloads.js';
export type { InboxItem } from './inbox.repository.js';
export { MessageQuota } from './message-quota.js';
export {
  cancelSchedule,
  editSchedule,
  listSchedules,
  type MessageSchedule,
  registerScheduledSends,
  scheduleAppMessage,
} from './schedules.service.js';
export { scheduleRoutes } from './schedules.routes.js';
export { listReceipts } from './receipts.repository.js';
export { messagingRoutes } from './messaging.routes.js';
export { messageSearchRoutes } from './search.routes.js';
export { deliverPublishedEntries, pushCommittedEntries, syncConnection } from './realtime.js';
export { messagingModule } from './messaging.module.js';
export { MessageRecalled, MessageSent } from './messaging.events.js';

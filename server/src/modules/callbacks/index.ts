export { CallbackDispatcher, type DispatcherOptions } from './dispatcher.js';
export { onContactChanged } from './on-contact-changed.js';
export { onMembershipChanged } from './on-membership-changed.js';
export { onJobFinished } from './on-job-finished.js';
export type { XmlFields } from './callback-crypto.js';
export {
  enqueueAppEvents,
  getCallback,
  listCallbackDeliveries,
  newMsgId,
  setCallback,
  verifyCallbackUrl,
  type AppEvent,
  type CallbackSettings,
} from './callbacks.service.js';
export { callbackErrors } from './callbacks.errors.js';
export * as callbackCrypto from './callback-crypto.js';
export { callbackRoutes } from './callbacks.routes.js';
export { parseXml, toXml } from './callback-crypto.js';
export { callbacksModule } from './callbacks.module.js';

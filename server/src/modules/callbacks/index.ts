export { CallbackDispatcher, type DispatcherOptions } from './dispatcher.js';
export { onContactChanged } from './on-contact-changed.js';
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

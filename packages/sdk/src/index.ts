export { EnclaveApiError, EnclaveClient, EnclaveHttpError, type EnclaveClientOptions } from './client.js';
export {
  createCallbackHandler,
  type CallbackHandlerOptions,
  type CallbackMessage,
  type CallbackReply,
} from './callback-server.js';
export * from './crypto.js';
export type * from './types.js';

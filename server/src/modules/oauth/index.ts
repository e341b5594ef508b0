export { oauthErrors } from './oauth.errors.js';
export { authorize, exchangeCode, getUserDetail, type CodeExchange } from './oauth.service.js';
export {
  assertAgentConfigType,
  getAppJsapiTicket,
  getOrgJsapiTicket,
  JSAPI_LIMITS,
  signJsapiConfig,
  type JsapiConfig,
  type JsapiTicket,
} from './jsapi.service.js';
export { confirmQrLogin, pollQrLogin, startQrLogin } from './qr-login.service.js';
export { oauthRoutes } from './oauth.routes.js';
export { jsapiVerifyRoutes, verifyJsapiSignature, type JsapiVerifyInput } from './jsapi-verify.routes.js';
export { oauthModule } from './oauth.module.js';

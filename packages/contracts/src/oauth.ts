import { z } from 'zod';
import { Id } from './common.js';

/** The member client's side of OAuth: confirming a QR web login, the JS-SDK bridge's signatures (`/api/client/{wwlogin,jsapi}`). */

/** `POST /api/client/wwlogin/confirm`: the desktop page of that app is signed in. */
export const QrLoginConfirmed = z.strictObject({ appName: z.string() });
export type QrLoginConfirmed = z.infer<typeof QrLoginConfirmed>;

/** `POST /api/client/jsapi/signature`: a wx.config (or, with `agentId`, wx.agentConfig) for a page. */
export const JsapiSignature = z.strictObject({
  /** The corp id (`appId` in the JS-SDK's words). */
  appId: z.string(),
  agentId: Id.optional(),
  /** Seconds since the epoch, as the JS-SDK signs them. */
  timestamp: z.number().int().min(0),
  nonceStr: z.string(),
  signature: z.string(),
});
export type JsapiSignature = z.infer<typeof JsapiSignature>;

/** `POST /api/client/jsapi/verify`: whether a page's signature is the one Enclave computes. */
export const JsapiVerdict = z.strictObject({ valid: z.boolean() });
export type JsapiVerdict = z.infer<typeof JsapiVerdict>;

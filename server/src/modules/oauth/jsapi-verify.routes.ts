import { JsapiVerdict } from '@enclave/contracts';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OrgContext } from '../../platform/context.js';
import { defineRoute } from '../../platform/http/route.js';
import { signJsapiConfig } from './jsapi.service.js';

export type JsapiVerifyInput = {
  url: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  agentId?: number;
};

/**
 * Whether a page's wx.config (or, with an app, wx.agentConfig) signature is the one Enclave computes for the
 * same url, timestamp and nonce with the live ticket (wecom-api.md §9). The member client's JS bridge asks
 * this before it lets an app page call anything. An app the member cannot see, or a page outside the app's
 * trusted domain (or, with the org's ticket, of every app the member can see), is refused as signing is.
 */
export async function verifyJsapiSignature(ctx: OrgContext, input: JsapiVerifyInput): Promise<{ valid: boolean }> {
  const expected = await signJsapiConfig(ctx, {
    url: input.url,
    agentId: input.agentId,
    nonceStr: input.nonceStr,
    timestamp: input.timestamp,
  });
  const given = Buffer.from(input.signature.toLowerCase());
  const wanted = Buffer.from(expected.signature);
  return { valid: given.length === wanted.length && timingSafeEqual(given, wanted) };
}

const id = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** The member client's check of an app page's JS-SDK config signature. */
export const jsapiVerifyRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/client/jsapi/verify',
    principal: 'member',
    response: JsapiVerdict,
    body: z.object({
      url: z.string().min(1).max(2048),
      timestamp: z
        .number()
        .int()
        .min(0)
        .max(2 ** 40),
      nonceStr: z.string().min(1).max(128),
      signature: z.string().min(1).max(128),
      agentId: id.optional(),
    }),
    handler: ({ ctx, body }) => verifyJsapiSignature(ctx, body),
  }),
];

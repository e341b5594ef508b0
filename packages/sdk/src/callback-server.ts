import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CallbackCryptoError,
  decryptMessage,
  encryptReply,
  parseXml,
  toXml,
  verifyUrl,
  type XmlFields,
} from './crypto.js';

/** One decrypted callback: a member's message or an event (wecom-api.md §7.6). */
export type CallbackMessage = {
  /** The decrypted `<xml>…</xml>`. */
  xml: string;
  /** Its elements: leaves as strings (`MsgType`, `Event`, `ChangeType`, `UserID` …), nested ones as objects. */
  fields: Record<string, unknown>;
};

/**
 * A passive reply: plaintext XML, or its fields rendered with `toXml` (e.g. `{ ToUserName, FromUserName,
 * CreateTime, MsgType: 'text', Content }`). Nothing (or '') acknowledges without a reply.
 */
export type CallbackReply = string | XmlFields | null | undefined | void;

export type CallbackHandlerOptions = {
  /** The Token set beside the callback URL. */
  token: string;
  /** The 43-character EncodingAESKey set beside the callback URL. */
  encodingAesKey: string;
  /** The org's corpid: messages encrypted for another receiver are refused. */
  corpId: string;
  /** Called once per delivery; what it returns is sent back encrypted. Throwing answers 500 (Enclave retries). */
  onMessage: (message: CallbackMessage) => CallbackReply | Promise<CallbackReply>;
  /** Told about refused requests and failing `onMessage` calls (default: none). */
  onError?: (error: unknown) => void;
};

/** Bodies above this are not callbacks; refuse them rather than buffer them. */
const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLargeError extends Error {}

async function bodyOf(request: IncomingMessage): Promise<string> {
  // A framework may have read the body already (e.g. express.text()).
  const parsed = (request as IncomingMessage & { body?: unknown }).body;
  if (typeof parsed === 'string') return parsed;
  if (Buffer.isBuffer(parsed)) return parsed.toString('utf8');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('callback body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A Node `(req, res)` handler for an app's callback URL. It answers Enclave's (or WeCom's) URL verification
 * with the decrypted echostr, and decrypts each POSTed message or event for `onMessage`, answering with an
 * encrypted passive reply when `onMessage` returns one and an empty 200 otherwise. Bad signatures get 403.
 *
 * Works with `http.createServer(handler)` or mounted in Express/Fastify (raw request and response).
 */
export function createCallbackHandler(options: CallbackHandlerOptions) {
  const keys = { token: options.token, encodingAesKey: options.encodingAesKey, receiveId: options.corpId };
  // Never rejects, so that it can be given to `http.createServer` as is: an error the handling itself did not
  // answer (onError throwing, a socket gone) ends that one request, never the app's process.
  return (request: IncomingMessage, response: ServerResponse): Promise<void> =>
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const query = new URL(request.url ?? '/', 'http://callback.invalid').searchParams;
    const signed = {
      msgSignature: query.get('msg_signature') ?? '',
      timestamp: query.get('timestamp') ?? '',
      nonce: query.get('nonce') ?? '',
    };
    try {
      if (request.method === 'GET') {
        // URLSearchParams has already URL-decoded the echostr, as §7.3 asks.
        const echo = verifyUrl({ ...keys, ...signed, echostr: query.get('echostr') ?? '' });
        response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(echo);
        return;
      }
      if (request.method !== 'POST') {
        response.writeHead(405, { allow: 'GET, POST' }).end();
        return;
      }
      const xml = decryptMessage({ ...keys, ...signed, body: await bodyOf(request) });
      const reply = await options.onMessage({ xml, fields: parseXml(xml) });
      if (reply === undefined || reply === null || reply === '') {
        response.writeHead(200).end('');
        return;
      }
      const plaintext = typeof reply === 'string' ? reply : toXml(reply);
      const timestamp = Math.floor(Date.now() / 1000);
      const body = encryptReply({ ...keys, plaintext, timestamp, nonce: randomInt(1e8, 1e9) });
      response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(body);
    } catch (error) {
      options.onError?.(error);
      if (response.headersSent) return;
      if (error instanceof CallbackCryptoError) {
        response.writeHead(error.code === 'signature' ? 403 : 400).end(error.message);
      } else if (error instanceof BodyTooLargeError) {
        response.writeHead(413).end();
      } else {
        response.writeHead(500).end();
      }
    }
  }
}

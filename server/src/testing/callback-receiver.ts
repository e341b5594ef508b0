import { createServer, type IncomingMessage, type Server } from 'node:http';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { parseXml, toXml } from '../modules/callbacks/index.js';

export type Received = {
  fields: Record<string, unknown>;
  /** The decrypted `<xml>…</xml>` as sent, for tests of element order and CDATA. */
  xml: string;
  receiveId: string;
};

export type ReceiverOptions = {
  token: string;
  encodingAesKey: string;
  /** Answer an attempt with this HTTP status instead of 200 (e.g. to test retries). */
  fail?: (attempt: number) => number | null;
  /** A passive reply (plaintext XML) for a received message, or null for an empty answer. */
  reply?: (received: Received) => string | null;
};

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * An app's callback server as a customer would write it, using Tencent's own `@wecom/crypto` (not our
 * implementation) to check signatures and decrypt: what it accepts, a real receiver accepts.
 */
export async function startCallbackReceiver(options: ReceiverOptions) {
  const received: Received[] = [];
  let attempts = 0;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const q = Object.fromEntries(url.searchParams);
      const body = await bodyOf(request);
      const ciphered = request.method === 'GET' ? (q.echostr ?? '') : String(parseXml(body).Encrypt ?? '');
      if (getSignature(options.token, q.timestamp ?? '', q.nonce ?? '', ciphered) !== q.msg_signature) {
        response.writeHead(403).end('bad signature');
        return;
      }
      const { message, id } = decrypt(options.encodingAesKey, ciphered);
      if (request.method === 'GET') {
        response.writeHead(200).end(message);
        return;
      }
      attempts += 1;
      const status = options.fail?.(attempts) ?? null;
      if (status !== null) {
        response.writeHead(status).end('try later');
        return;
      }
      const item = { fields: parseXml(message), xml: message, receiveId: id };
      received.push(item);
      const reply = options.reply?.(item) ?? null;
      if (!reply) {
        response.writeHead(200).end('');
        return;
      }
      const timestamp = Math.floor(Date.now() / 1000);
      const nonce = String(Math.floor(Math.random() * 1e9));
      const encrypted = encrypt(options.encodingAesKey, reply, id);
      const xml = toXml({
        Encrypt: encrypted,
        MsgSignature: getSignature(options.token, timestamp, nonce, encrypted),
        TimeStamp: timestamp,
        Nonce: nonce,
      });
      response.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

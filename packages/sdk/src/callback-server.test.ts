import { createServer, type Server } from 'node:http';
import { decrypt as wecomDecrypt, getSignature } from '@wecom/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCallback } from '../../../server/src/modules/callbacks/callbacks.service.js';
import { createCallbackHandler, type CallbackHandlerOptions, type CallbackMessage } from './callback-server.js';
import { EnclaveClient } from './client.js';
import { buildEnvelope, encrypt, parseXml, signature } from './crypto.js';
import { startLiveEnclave, type LiveEnclave } from './testing/live-enclave.js';

const KEYS = { token: 'sdkToken1', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };

let live: LiveEnclave;
const servers: Server[] = [];
beforeAll(async () => {
  live = await startLiveEnclave();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await live.close();
});

/** An app developer's callback server, built with the SDK helper, on a free port. */
async function serve(options: Omit<CallbackHandlerOptions, 'token' | 'encodingAesKey'>) {
  const handler = createCallbackHandler({ ...KEYS, ...options });
  const server = createServer((request, response) => void handler(request, response));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://127.0.0.1:${port}/wecom/callback`;
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('createCallbackHandler against Enclave', () => {
  it("passes Enclave's URL verification and receives a change_contact event", async () => {
    const org = await live.givenOrg();
    const received: CallbackMessage[] = [];
    const url = await serve({
      corpId: org.corpId,
      onMessage: (message) => {
        received.push(message);
      },
    });
    // setCallback saves only after the URL answers the encrypted echostr correctly.
    await setCallback(org.system, org.app.agentId, { url, ...KEYS });

    // A directory change made through the open API with the org's directory secret.
    const directory = new EnclaveClient({ baseUrl: live.baseUrl, corpId: org.corpId, secret: org.contactSecret });
    await directory.user.create({ userid: 'callme', name: '回调', department: [1], email: 'callme@sdk.test' });
    await live.enclave.drain();
    await until(() => received.some((m) => m.fields.UserID === 'callme'));

    const event = received.find((m) => m.fields.UserID === 'callme');
    expect(event?.fields).toMatchObject({
      ToUserName: org.corpId,
      FromUserName: 'sys',
      MsgType: 'event',
      Event: 'change_contact',
      ChangeType: 'create_user',
      UserID: 'callme',
    });
    expect(event?.xml).toMatch(/^<xml>/);
  });
});

describe('createCallbackHandler on its own', () => {
  const corpId = 'wwsdkcallbacktest';

  /** What Enclave (or WeCom) POSTs: an envelope signed over its Encrypt. */
  function delivery(xml: string, receiveId = corpId) {
    const encrypted = encrypt(KEYS.encodingAesKey, receiveId, xml);
    const timestamp = 1_700_000_000;
    const nonce = 123456;
    const query = new URLSearchParams({
      msg_signature: signature(KEYS.token, timestamp, nonce, encrypted),
      timestamp: String(timestamp),
      nonce: String(nonce),
    });
    return { query, body: buildEnvelope({ toUserName: receiveId, encrypt: encrypted, agentId: 1000002 }) };
  }

  const textMessage =
    '<xml><ToUserName><![CDATA[wwsdkcallbacktest]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>' +
    '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[价格?]]></Content>' +
    '<MsgId>1234567890123456789</MsgId><AgentID>1000002</AgentID></xml>';

  it("answers with an encrypted passive reply that Tencent's library reads", async () => {
    const url = await serve({
      corpId,
      onMessage: ({ fields }) => ({
        ToUserName: String(fields.FromUserName),
        FromUserName: corpId,
        CreateTime: 1700000001,
        MsgType: 'text',
        Content: `收到: ${String(fields.Content)}`,
      }),
    });
    const { query, body } = delivery(textMessage);
    const response = await fetch(`${url}?${query.toString()}`, { method: 'POST', body });
    expect(response.status).toBe(200);
    const reply = parseXml(await response.text());
    const encrypted = String(reply.Encrypt);
    expect(getSignature(KEYS.token, String(reply.TimeStamp), String(reply.Nonce), encrypted)).toBe(reply.MsgSignature);
    const { message, id } = wecomDecrypt(KEYS.encodingAesKey, encrypted);
    expect(id).toBe(corpId);
    expect(parseXml(message)).toMatchObject({ ToUserName: 'zhangsan', MsgType: 'text', Content: '收到: 价格?' });
  });

  it('acknowledges with an empty body when there is nothing to reply, and keeps MsgId exact', async () => {
    const seen: CallbackMessage[] = [];
    const url = await serve({ corpId, onMessage: (m) => void seen.push(m) });
    const { query, body } = delivery(textMessage);
    const response = await fetch(`${url}?${query.toString()}`, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(seen[0]?.fields.MsgId).toBe('1234567890123456789');
  });

  it('refuses a bad signature (403), another receiver (400), and answers 500 when onMessage throws', async () => {
    const errors: unknown[] = [];
    const url = await serve({
      corpId,
      onMessage: () => {
        throw new Error('database down');
      },
      onError: (error) => errors.push(error),
    });
    const { query, body } = delivery(textMessage);
    query.set('msg_signature', '0'.repeat(40));
    expect((await fetch(`${url}?${query.toString()}`, { method: 'POST', body })).status).toBe(403);
    const other = delivery(textMessage, 'wwsomeoneelse');
    expect((await fetch(`${url}?${other.query.toString()}`, { method: 'POST', body: other.body })).status).toBe(400);
    const good = delivery(textMessage);
    expect((await fetch(`${url}?${good.query.toString()}`, { method: 'POST', body: good.body })).status).toBe(500);
    expect(errors).toHaveLength(3);
  });

  it('answers 500 and keeps serving when even onError throws (the handler never rejects)', async () => {
    const url = await serve({
      corpId,
      onMessage: () => {
        throw new Error('database down');
      },
      onError: () => {
        throw new Error('the logger is down too');
      },
    });
    for (let i = 0; i < 2; i += 1) {
      const { query, body } = delivery(textMessage);
      expect((await fetch(`${url}?${query.toString()}`, { method: 'POST', body })).status).toBe(500);
    }
  });
});

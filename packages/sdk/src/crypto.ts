import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * WeCom callback crypto (WXBizMsgCrypt) and the JS-SDK signature, as pure functions (wecom-api.md §7, §9, §14).
 * Our server is the sender of callbacks, but every function here also works for the receiving side so that
 * tests and the demo receiver can speak the protocol from both ends.
 */

/** What went wrong; the numbers are the `ierror` codes of Tencent's WXBizMsgCrypt samples. */
export type CallbackCryptoErrorCode = 'signature' | 'xml' | 'aes_key' | 'decrypt' | 'receive_id';

const sampleCodes: Record<CallbackCryptoErrorCode, number> = {
  signature: -40001,
  xml: -40002,
  aes_key: -40004,
  receive_id: -40005,
  decrypt: -40007,
};

export class CallbackCryptoError extends Error {
  /** The matching error code of Tencent's sample libraries (e.g. -40005 for a wrong corpid). */
  readonly sampleCode: number;

  constructor(
    readonly code: CallbackCryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackCryptoError';
    this.sampleCode = sampleCodes[code];
  }
}

const BLOCK_SIZE = 32;

function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** `msg_signature`: SHA-1 over Token, timestamp, nonce and the Base64 ciphertext, sorted byte-wise (§7.1). */
export function signature(token: string, timestamp: string | number, nonce: string | number, encrypt: string): string {
  const parts = [token, String(timestamp), String(nonce), encrypt].map((part) => Buffer.from(part, 'utf8'));
  parts.sort(Buffer.compare);
  return createHash('sha1').update(Buffer.concat(parts)).digest('hex');
}

function assertSignature(expected: string, given: string): void {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CallbackCryptoError('signature', 'msg_signature does not match');
  }
}

/** The 32-byte AES key of an EncodingAESKey (43 chars of [A-Za-z0-9], Base64 without its trailing `=`). */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new CallbackCryptoError('aes_key', 'EncodingAESKey must be exactly 43 characters of [A-Za-z0-9]');
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/**
 * Encrypts `random(16) ‖ len(4, BE) ‖ msg ‖ receiveId` with AES-256-CBC, IV = key[0..16), PKCS#7 padded to a
 * 32-byte block, and returns Base64. `random` is fixed only by tests reproducing published vectors.
 */
export function encrypt(
  encodingAesKey: string,
  receiveId: string,
  plaintext: string,
  random: Buffer = randomBytes(16),
): string {
  const key = aesKeyOf(encodingAesKey);
  if (random.length !== 16) throw new RangeError('random prefix must be 16 bytes');
  const message = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length, 0);
  const body = Buffer.concat([random, length, message, Buffer.from(receiveId, 'utf8')]);
  const padLength = BLOCK_SIZE - (body.length % BLOCK_SIZE);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(body),
    cipher.update(Buffer.alloc(padLength, padLength)),
    cipher.final(),
  ]).toString('base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CallbackCryptoError('decrypt', 'decrypted text is not valid UTF-8');
  }
}

/**
 * Reverses `encrypt`. With `expectedReceiveId` null the trailing ReceiveId is returned unchecked; otherwise a
 * different one is rejected (`receive_id`, "corpid校验失败").
 */
export function decrypt(
  encodingAesKey: string,
  expectedReceiveId: string | null,
  encrypted: string,
): { message: string; receiveId: string } {
  const key = aesKeyOf(encodingAesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new CallbackCryptoError('decrypt', 'ciphertext is not a whole number of AES blocks');
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK_SIZE || pad > padded.length || padded.subarray(-pad).some((byte) => byte !== pad)) {
    throw new CallbackCryptoError('decrypt', 'bad PKCS#7 padding');
  }
  const content = padded.subarray(0, padded.length - pad);
  if (content.length < 20) throw new CallbackCryptoError('decrypt', 'decrypted text is too short');
  const length = content.readUInt32BE(16);
  if (20 + length > content.length) throw new CallbackCryptoError('decrypt', 'message length exceeds decrypted text');
  const message = decodeUtf8(content.subarray(20, 20 + length));
  const receiveId = decodeUtf8(content.subarray(20 + length));
  if (expectedReceiveId !== null && receiveId !== expectedReceiveId) {
    throw new CallbackCryptoError('receive_id', 'ReceiveId does not match');
  }
  return { message, receiveId };
}

/** What every signed request carries besides its payload. */
export type CallbackKeys = {
  /** The app's callback Token (only ever used in signatures). */
  token: string;
  encodingAesKey: string;
  /** corpid for app callbacks, suite_id for third-party instruction callbacks, '' for personal apps (§7.2). */
  receiveId: string;
};

export type SignedQuery = { msgSignature: string; timestamp: string | number; nonce: string | number };

/** URL verification (§7.3): checks the signature over the (already URL-decoded) echostr and returns its plaintext. */
export function verifyUrl(options: CallbackKeys & SignedQuery & { echostr: string }): string {
  const { token, encodingAesKey, receiveId, msgSignature, timestamp, nonce, echostr } = options;
  assertSignature(signature(token, timestamp, nonce, echostr), msgSignature);
  return decrypt(encodingAesKey, receiveId, echostr).message;
}

/** Wraps a string in CDATA; `]]>` inside it is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export type Envelope = {
  /** corpid, or suite_id for third-party instruction callbacks. */
  toUserName: string;
  encrypt: string;
  /** Empty for third-party instruction callbacks. */
  agentId: string | number;
};

/** The POST body of a callback delivery (§7.4). */
export function buildEnvelope({ toUserName, encrypt, agentId }: Envelope): string {
  return (
    `<xml><ToUserName>${cdata(toUserName)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt>` +
    `<AgentID>${cdata(String(agentId))}</AgentID></xml>`
  );
}

function requireText(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new CallbackCryptoError('xml', `missing <${name}>`);
  return value;
}

function optionalText(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value : '';
}

export function parseEnvelope(xml: string): { toUserName: string; encrypt: string; agentId: string } {
  const fields = parseXml(xml);
  return {
    toUserName: optionalText(fields, 'ToUserName'),
    encrypt: requireText(fields, 'Encrypt'),
    agentId: optionalText(fields, 'AgentID'),
  };
}

/** Receiving side of a delivery: verifies the envelope's signature and returns the decrypted message XML. */
export function decryptMessage(options: CallbackKeys & SignedQuery & { body: string }): string {
  const { token, encodingAesKey, receiveId, msgSignature, timestamp, nonce, body } = options;
  const { encrypt: encrypted } = parseEnvelope(body);
  assertSignature(signature(token, timestamp, nonce, encrypted), msgSignature);
  return decrypt(encodingAesKey, receiveId, encrypted).message;
}

/** A receiver's encrypted passive reply (§7.4), signed over its own Encrypt, timestamp and nonce. */
export function encryptReply(
  options: CallbackKeys & { plaintext: string; timestamp: string | number; nonce: string | number; random?: Buffer },
): string {
  const { token, encodingAesKey, receiveId, plaintext, timestamp, nonce, random } = options;
  const encrypted = encrypt(encodingAesKey, receiveId, plaintext, random);
  return (
    `<xml><Encrypt>${cdata(encrypted)}</Encrypt>` +
    `<MsgSignature>${cdata(signature(token, timestamp, nonce, encrypted))}</MsgSignature>` +
    `<TimeStamp>${String(timestamp)}</TimeStamp><Nonce>${cdata(String(nonce))}</Nonce></xml>`
  );
}

/** Reads a passive reply: verifies its MsgSignature and returns the decrypted reply XML. */
export function decryptReply(options: CallbackKeys & { body: string }): string {
  const { token, encodingAesKey, receiveId, body } = options;
  const fields = parseXml(body);
  const encrypted = requireText(fields, 'Encrypt');
  const expected = signature(token, requireText(fields, 'TimeStamp'), requireText(fields, 'Nonce'), encrypted);
  assertSignature(expected, requireText(fields, 'MsgSignature'));
  return decrypt(encodingAesKey, receiveId, encrypted).message;
}

/** JS-SDK `wx.config` / `wx.agentConfig` signature (§9); the URL is signed without its `#fragment`. */
export function jsapiSignature(options: {
  ticket: string;
  nonceStr: string;
  timestamp: string | number;
  url: string;
}): string {
  const url = options.url.split('#', 1)[0] ?? '';
  return sha1Hex(
    `jsapi_ticket=${options.ticket}&noncestr=${options.nonceStr}&timestamp=${String(options.timestamp)}&url=${url}`,
  );
}

export type XmlFields = Record<string, string | number | bigint | object>;

/**
 * Text that `toXml` writes without CDATA (escaped instead), for the elements WeCom itself sends bare:
 * `<ChangeType>create_user</ChangeType>`, `<Mobile>13800000000</Mobile>` in `change_contact` (§7.6).
 */
export class XmlText {
  constructor(readonly text: string) {}
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const elementName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function renderElement(name: string, value: unknown): string {
  if (!elementName.test(name)) throw new CallbackCryptoError('xml', `invalid element name ${JSON.stringify(name)}`);
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item: unknown) => renderElement(name, item)).join('');
  if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
  if (typeof value === 'number' || typeof value === 'bigint') return `<${name}>${String(value)}</${name}>`;
  if (value instanceof XmlText) return `<${name}>${escapeText(value.text)}</${name}>`;
  if (typeof value === 'object') return `<${name}>${renderChildren(value as Record<string, unknown>)}</${name}>`;
  throw new CallbackCryptoError('xml', `cannot render <${name}> from a ${typeof value}`);
}

function renderChildren(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([name, value]) => renderElement(name, value))
    .join('');
}

/**
 * Renders a message as `<xml>…</xml>`: strings in CDATA, numbers and `XmlText` bare, objects as nested elements,
 * arrays as repeated elements (`{ Articles: { item: [a, b] } }`); null/undefined fields are left out.
 */
export function toXml(fields: XmlFields): string {
  return `<xml>${renderChildren(fields)}</xml>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Keep every leaf a string (MsgId is a 64-bit integer); trimming touches plain text only, never CDATA.
  parseTagValue: false,
  trimValues: true,
});

/**
 * Parses a `<xml>` message into its children: leaves as strings, nested elements as objects, repeated elements
 * as arrays. Rejects malformed XML, any other root, and DOCTYPE declarations (WeCom never sends them).
 */
export function parseXml(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CallbackCryptoError('xml', 'DOCTYPE is not allowed');
  if (XMLValidator.validate(xml) !== true) throw new CallbackCryptoError('xml', 'malformed XML');
  const document: unknown = parser.parse(xml);
  const root = typeof document === 'object' && document !== null ? (document as Record<string, unknown>).xml : null;
  if (root === '') return {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new CallbackCryptoError('xml', 'expected a single <xml> root element');
  }
  return root as Record<string, unknown>;
}

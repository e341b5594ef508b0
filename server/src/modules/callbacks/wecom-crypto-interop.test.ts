import { decrypt as theirDecrypt, encrypt as theirEncrypt, getSignature } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, signature } from './callback-crypto.js';

// Interop with Tencent's own npm package @wecom/crypto (the WeCom team's JS implementation).
const encodingAesKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const corpId = 'wx5823bf96d3bd56c7';
const message =
  '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 ]]]]><![CDATA[> world]]></Content></xml>';

describe('@wecom/crypto interop', () => {
  it('decrypts what we encrypt', () => {
    const result = theirDecrypt(encodingAesKey, encrypt(encodingAesKey, corpId, message));
    expect(result.message).toBe(message);
    expect(result.id).toBe(corpId);
  });

  it('produces the same ciphertext for the same random prefix, and we decrypt theirs', () => {
    const random = Buffer.from('0123456789abcdef', 'ascii');
    const theirs = theirEncrypt(encodingAesKey, message, corpId, random);
    expect(encrypt(encodingAesKey, corpId, message, random)).toBe(theirs);
    expect(decrypt(encodingAesKey, corpId, theirs)).toEqual({ message, receiveId: corpId });
  });

  it('agrees on msg_signature', () => {
    const encrypted = encrypt(encodingAesKey, corpId, message);
    expect(signature('QDG6eK', '1409659813', '1372623149', encrypted)).toBe(
      getSignature('QDG6eK', '1409659813', '1372623149', encrypted),
    );
    expect(signature('RMNlACHlV5ThzfRlVS4D4', 1409659813, 42, 'encrypt')).toBe(
      getSignature('RMNlACHlV5ThzfRlVS4D4', 1409659813, 42, 'encrypt'),
    );
  });
});

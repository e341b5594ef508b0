import { describe, expect, it } from 'vitest';
import {
  CallbackCryptoError,
  aesKeyOf,
  buildEnvelope,
  decrypt,
  decryptMessage,
  decryptReply,
  encrypt,
  encryptReply,
  jsapiSignature,
  parseEnvelope,
  parseXml,
  signature,
  toXml,
  verifyUrl,
  XmlText,
} from './callback-crypto.js';

// Vectors: wecom-api.md §14 (and §9 for the JS-SDK signature).
const tencent = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const tencentEchostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const tencentEncrypt =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const tencentPlaintext =
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n' +
  '<FromUserName><![CDATA[mycreate]]></FromUserName>\n' +
  '<CreateTime>1409659813</CreateTime>\n' +
  '<MsgType><![CDATA[text]]></MsgType>\n' +
  '<Content><![CDATA[hello]]></Content>\n' +
  '<MsgId>4561255354251345929</MsgId>\n' +
  '<AgentID>218</AgentID>\n' +
  '</xml>';

const wechatpy = {
  token: '123456',
  encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  receiveId: 'wx49f0ab532d5d035a',
};
const wechatpyEchostr = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
const wechatpyEncrypt =
  'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
const wechatpyReplyPlaintext =
  '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n' +
  '<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n' +
  '<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>';
const wechatpyReplyEncrypt =
  '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3';
const wechatpyReplySignature = '407518b7649e86ef23978113f92d27afa9296533';
const wechatpyReplyXml =
  `<xml>\n<Encrypt><![CDATA[${wechatpyReplyEncrypt}]]></Encrypt>\n` +
  `<MsgSignature><![CDATA[${wechatpyReplySignature}]]></MsgSignature>\n` +
  `<TimeStamp>1411525903</TimeStamp>\n<Nonce><![CDATA[461056294]]></Nonce>\n</xml>`;

const ascii = (text: string) => Buffer.from(text, 'ascii');

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof CallbackCryptoError) return error.code;
    throw error;
  }
  return undefined;
}

describe('Tencent official sample (§14.1)', () => {
  it('derives the documented AES key', () => {
    expect(aesKeyOf(tencent.encodingAesKey).toString('hex')).toBe(
      '8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760',
    );
  });

  it('answers the URL verification with the decrypted echostr', () => {
    const msgSignature = '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3';
    expect(signature(tencent.token, '1409659589', '263014780', tencentEchostr)).toBe(msgSignature);
    const query = new URLSearchParams(
      'msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
    );
    const plain = verifyUrl({
      ...tencent,
      msgSignature: query.get('msg_signature') ?? '',
      timestamp: query.get('timestamp') ?? '',
      nonce: query.get('nonce') ?? '',
      echostr: query.get('echostr') ?? '',
    });
    expect(plain).toBe('1616140317555161061');
  });

  it('decrypts the delivered message', () => {
    const body = buildEnvelope({ toUserName: tencent.receiveId, encrypt: tencentEncrypt, agentId: 218 });
    expect(body).toBe(
      `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${tencentEncrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`,
    );
    expect(Buffer.from(tencentEncrypt, 'base64')).toHaveLength(352);
    const plain = decryptMessage({
      ...tencent,
      msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
      timestamp: '1409659813',
      nonce: '1372623149',
      body,
    });
    expect(plain).toBe(tencentPlaintext);
    expect(parseXml(plain)).toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });

  it('re-encrypts both plaintexts with their recovered random prefixes byte-for-byte', () => {
    const { encodingAesKey, receiveId } = tencent;
    expect(encrypt(encodingAesKey, receiveId, '1616140317555161061', ascii('c41b64491c2468d0'))).toBe(tencentEchostr);
    expect(encrypt(encodingAesKey, receiveId, tencentPlaintext, ascii('0960688932c47ef1'))).toBe(tencentEncrypt);
  });
});

describe('wechatpy (§14.2)', () => {
  const verify = { ...wechatpy, msgSignature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96', timestamp: '1411443780' };

  it('verifies the URL', () => {
    expect(verifyUrl({ ...verify, nonce: '437374425', echostr: wechatpyEchostr })).toBe('5927782489442352469');
  });

  it('refuses the URL verification with another nonce', () => {
    expect(codeOf(() => verifyUrl({ ...verify, nonce: '437374424', echostr: wechatpyEchostr }))).toBe('signature');
  });

  it('decrypts the message', () => {
    const body = buildEnvelope({ toUserName: wechatpy.receiveId, encrypt: wechatpyEncrypt, agentId: '1' });
    const plain = decryptMessage({
      ...wechatpy,
      msgSignature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
      timestamp: '1411525903',
      nonce: '461056294',
      body,
    });
    expect(parseXml(plain)).toMatchObject({
      MsgType: 'text',
      FromUserName: 'messense',
      Content: 'test',
      MsgId: '4363689963896700987',
      AgentID: '1',
    });
  });

  it('encrypts the reply deterministically, signature and XML included', () => {
    const reply = encryptReply({
      ...wechatpy,
      plaintext: wechatpyReplyPlaintext,
      timestamp: 1411525903,
      nonce: '461056294',
      random: ascii('1234567890123456'),
    });
    expect(reply).toBe(wechatpyReplyXml.replaceAll('\n', ''));
    expect(signature(wechatpy.token, '1411525903', '461056294', wechatpyReplyEncrypt)).toBe(wechatpyReplySignature);
  });

  it('reads the reply exactly as wechatpy formats it', () => {
    expect(decryptReply({ ...wechatpy, body: wechatpyReplyXml })).toBe(wechatpyReplyPlaintext);
    const forged = wechatpyReplyXml.replace('461056294', '461056295');
    expect(codeOf(() => decryptReply({ ...wechatpy, body: forged }))).toBe('signature');
  });
});

describe('other published vectors (§14.3, §14.4, §9)', () => {
  it('matches the WxJava encrypt vector', () => {
    const encrypted = encrypt(
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      'wxb11529c136998cb6',
      '我是中文abcd123',
      ascii('aaaabbbbccccdddd'),
    );
    expect(encrypted).toBe('jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==');
  });

  it('matches the node-webot signature vector', () => {
    expect(signature('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe(
      '8edac0945683c119ee71c9f6256d76c48aa08a96',
    );
  });

  it('matches the JS-SDK signature vectors, ignoring the URL fragment', () => {
    const options = {
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
    };
    expect(jsapiSignature({ ...options, url: 'http://mp.weixin.qq.com?params=value' })).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
    expect(jsapiSignature({ ...options, url: 'http://mp.weixin.qq.com?params=value#section' })).toBe(
      '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    );
    expect(jsapiSignature({ ...options, url: 'http://mp.weixin.qq.com' })).toBe(
      'f4d90daf4b3bca3078ab155816175ba34c443a7b',
    );
  });
});

describe('round trips and rejections', () => {
  const { encodingAesKey, receiveId } = tencent;

  it('round-trips Chinese text and pads an aligned body with a full block', () => {
    const text = '你好，企业微信 👋 '.repeat(7);
    expect(decrypt(encodingAesKey, receiveId, encrypt(encodingAesKey, receiveId, text))).toEqual({
      message: text,
      receiveId,
    });
    // 16 + 4 + 12 bytes = one 32-byte block, so PKCS#7 adds a whole block of 0x20.
    expect(Buffer.from(encrypt(encodingAesKey, '', 'abcdefghijkl'), 'base64')).toHaveLength(64);
    expect(decrypt(encodingAesKey, null, encrypt(encodingAesKey, 'suite-x', ''))).toEqual({
      message: '',
      receiveId: 'suite-x',
    });
  });

  it('carries ]]> inside content through toXml, the envelope and the reply', () => {
    const fields = { MsgType: 'text', Content: 'a ]]> b <c> & 中文', CreateTime: 1409659813, AgentID: 218 };
    const xml = toXml(fields);
    expect(xml).toContain('<Content><![CDATA[a ]]]]><![CDATA[> b <c> & 中文]]></Content>');
    expect(parseXml(xml)).toEqual({
      MsgType: 'text',
      Content: 'a ]]> b <c> & 中文',
      CreateTime: '1409659813',
      AgentID: '218',
    });
    const reply = encryptReply({ ...tencent, plaintext: xml, timestamp: 1, nonce: 'n' });
    expect(parseXml(decryptReply({ ...tencent, body: reply })).Content).toBe('a ]]> b <c> & 中文');
    expect(parseEnvelope(buildEnvelope({ toUserName: 'x]]>y', encrypt: 'QUJD', agentId: '' }))).toEqual({
      toUserName: 'x]]>y',
      encrypt: 'QUJD',
      agentId: '',
    });
  });

  it('renders and parses nested and repeated elements', () => {
    const xml = toXml({
      MsgType: 'news',
      ArticleCount: 2,
      MsgId: 4561255354251345929n,
      Articles: { item: [{ Title: 'one' }, { Title: 'two' }] },
    });
    expect(xml).toBe(
      '<xml><MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><MsgId>4561255354251345929</MsgId>' +
        '<Articles><item><Title><![CDATA[one]]></Title></item><item><Title><![CDATA[two]]></Title></item></Articles></xml>',
    );
    expect(parseXml(xml)).toEqual({
      MsgType: 'news',
      ArticleCount: '2',
      MsgId: '4561255354251345929',
      Articles: { item: [{ Title: 'one' }, { Title: 'two' }] },
    });
    expect(() => toXml({ 'bad name': 'x' })).toThrow(CallbackCryptoError);
  });

  it('writes XmlText bare, escaped, and parses it back to the same text', () => {
    const xml = toXml({ ChangeType: new XmlText('create_user'), Mobile: new XmlText('+86 <1> & ]]>') });
    expect(xml).toBe('<xml><ChangeType>create_user</ChangeType><Mobile>+86 &lt;1&gt; &amp; ]]&gt;</Mobile></xml>');
    expect(parseXml(xml)).toEqual({ ChangeType: 'create_user', Mobile: '+86 <1> & ]]>' });
  });

  it('rejects a wrong receiveId', () => {
    const encrypted = encrypt(encodingAesKey, receiveId, 'hello');
    expect(codeOf(() => decrypt(encodingAesKey, 'wx0000000000000000', encrypted))).toBe('receive_id');
    expect(
      codeOf(() =>
        verifyUrl({
          ...tencent,
          receiveId: 'other',
          msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
          timestamp: '1409659589',
          nonce: '263014780',
          echostr: tencentEchostr,
        }),
      ),
    ).toBe('receive_id');
  });

  it('rejects tampered ciphertext and signatures', () => {
    const bytes = Buffer.from(tencentEncrypt, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    expect(codeOf(() => decrypt(encodingAesKey, receiveId, bytes.toString('base64')))).toBe('decrypt');
    expect(codeOf(() => decrypt(encodingAesKey, receiveId, tencentEncrypt.slice(0, -8)))).toBe('decrypt');
    expect(codeOf(() => decrypt(encodingAesKey, receiveId, ''))).toBe('decrypt');
    const body = buildEnvelope({ toUserName: receiveId, encrypt: tencentEncrypt, agentId: 218 });
    const query = { msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1' };
    expect(codeOf(() => decryptMessage({ ...tencent, ...query, body }))).toBe('signature');
  });

  it('rejects an EncodingAESKey of the wrong length or alphabet', () => {
    expect(codeOf(() => aesKeyOf(tencent.encodingAesKey.slice(0, 42)))).toBe('aes_key');
    expect(codeOf(() => aesKeyOf(`${tencent.encodingAesKey}A`))).toBe('aes_key');
    expect(codeOf(() => aesKeyOf(`${tencent.encodingAesKey.slice(0, 42)}+`))).toBe('aes_key');
    expect(codeOf(() => encrypt('short', receiveId, 'x'))).toBe('aes_key');
    expect(() => encrypt(encodingAesKey, receiveId, 'x', Buffer.alloc(8))).toThrow(RangeError);
  });

  it('rejects malformed XML, other roots, DOCTYPE and envelopes without Encrypt', () => {
    expect(codeOf(() => parseXml('<xml><a></b></xml>'))).toBe('xml');
    expect(codeOf(() => parseXml('<root><a>1</a></root>'))).toBe('xml');
    expect(codeOf(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><xml><a>&a;</a></xml>'))).toBe('xml');
    expect(codeOf(() => parseEnvelope('<xml><ToUserName>x</ToUserName></xml>'))).toBe('xml');
    expect(parseXml('<?xml version="1.0"?>\n<xml>\n</xml>\n')).toEqual({});
  });
});

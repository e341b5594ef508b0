import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { signInMember } from '../../testing/member-session.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { recallAppMessage, sendAppMessage } from './messaging.service.js';
import { foldForSearch, termsOfQuery, termsOfText } from './search-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

type Session = { cookie: string; csrf: string };
type Found = { seq: number; conversation: string; message: { msgId: string; msgType: string; payload: unknown } };

async function call(s: Session, method: 'GET' | 'POST', url: string, body?: unknown) {
  return server.enclave.app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
  });
}

async function search(s: Session, q: string, limit?: number): Promise<Found[]> {
  const query = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
  const response: LightMyRequestResponse = await call(s, 'GET', `/api/client/messages/search?${query.toString()}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: Found[] }).items;
}

/** An org with an app and two signed-in members, alice and bob. */
async function givenOrg(name = 'Search Org') {
  const org = await given.org(server.store.db, name);
  const { app } = await given.app(org.ctx);
  const person = async (userId: string) => {
    const mobile = `137${Math.floor(1e7 + Math.random() * 9e7)}`;
    const member = await given.member(org.ctx, { userId, mobile });
    return { member, session: await signInMember(server, org.corpId, org.orgId, mobile) };
  };
  const alice = await person('alice');
  const bob = await person('bob');
  const send = async (userIds: string[], msgType: string, payload: unknown) =>
    (await sendAppMessage(org.ctx, { app, audience: { userIds }, msgType, payload })).msgId;
  return { ...org, app, alice, bob, send };
}

const texts = (items: Found[]) => items.map((i) => (i.message.payload as { content?: string }).content);

describe('search-text', () => {
  it('indexes ideographs as pairs and singles and other scripts as lower-cased words', () => {
    expect(termsOfText(foldForSearch('鱼价 Fish'))).toEqual(['鱼', '鱼价', '价', 'fish']);
    expect(termsOfQuery(foldForSearch('今天的鱼'))).toEqual([{ exact: '今天' }, { exact: '天的' }, { exact: '的鱼' }]);
    expect(termsOfQuery(foldForSearch('ＰＲＩＣＥ 鱼'))).toEqual([{ prefix: 'price' }, { exact: '鱼' }]);
    expect(termsOfQuery(foldForSearch('!!?'))).toEqual([]);
  });
});

describe('GET /api/client/messages/search', () => {
  it('finds a Chinese phrase inside a sentence, with its conversation and seq, newest first', async () => {
    const o = await givenOrg();
    await o.send(['alice'], 'text', { content: '今天的鱼价上涨了' });
    await o.send(['alice'], 'text', { content: '明天开会' });
    await o.send(['alice'], 'markdown', { content: '**鱼价**下周公布' });
    const found = await search(o.alice.session, '鱼价');
    expect(found.map((f) => [f.seq, f.conversation, f.message.msgType])).toEqual([
      [3, `app:${o.app.agentId}`, 'markdown'],
      [1, `app:${o.app.agentId}`, 'text'],
    ]);
    expect(texts(await search(o.alice.session, '的鱼价上涨'))).toEqual(['今天的鱼价上涨了']);
    expect(await search(o.alice.session, '鱼涨')).toEqual([]);
  });

  it('finds one-character queries', async () => {
    const o = await givenOrg();
    await o.send(['alice'], 'text', { content: '今天的鱼价上涨了' });
    await o.send(['alice'], 'text', { content: '明天开会' });
    expect(texts(await search(o.alice.session, '涨'))).toEqual(['今天的鱼价上涨了']);
    expect(texts(await search(o.alice.session, '天'))).toEqual(['明天开会', '今天的鱼价上涨了']);
    expect(await search(o.alice.session, '猫')).toEqual([]);
  });

  it('finds English words and word starts, in any case, and phrases only as written', async () => {
    const o = await givenOrg();
    await o.send(['alice'], 'text', { content: 'Fish prices rose today' });
    await o.send(['alice'], 'text', { content: 'The price list is attached' });
    expect(texts(await search(o.alice.session, 'PRICE'))).toEqual([
      'The price list is attached',
      'Fish prices rose today',
    ]);
    expect(texts(await search(o.alice.session, 'fish   prices'))).toEqual(['Fish prices rose today']);
    expect(await search(o.alice.session, 'price rose')).toEqual([]);
    expect(texts(await search(o.alice.session, 'ＦＩＳＨ'))).toEqual(['Fish prices rose today']);
  });

  it('finds mixed Chinese and Latin text', async () => {
    const o = await givenOrg();
    await o.send(['alice'], 'text', { content: '新款iPhone价格下调,Q3财报见附件' });
    expect(await search(o.alice.session, 'iphone价格')).toHaveLength(1);
    expect(await search(o.alice.session, '新款iphone')).toHaveLength(1);
    expect(await search(o.alice.session, 'q3财报')).toHaveLength(1);
    expect(await search(o.alice.session, 'iphone财报')).toHaveLength(0);
  });

  it('searches card and news titles and descriptions, and chat link titles, but not URLs', async () => {
    const o = await givenOrg();
    await o.send(['alice'], 'textcard', {
      title: '领奖通知',
      description: '请于周五前到前台领取',
      url: 'https://example.com/award',
    });
    await o.send(['alice'], 'news', {
      articles: [{ title: '季度总结', description: '销售额创新高', url: 'https://example.com/q' }],
    });
    const { conversation } = (await call(o.bob.session, 'POST', '/api/client/chats/direct', { userId: 'alice' })).json<{
      conversation: string;
    }>();
    const sent = await call(o.bob.session, 'POST', `/api/client/conversations/${conversation}/messages`, {
      msgType: 'link',
      payload: { title: '招标公告', description: '详见链接', url: 'https://example.com/bid' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect((await search(o.alice.session, '前台领取')).map((f) => f.message.msgType)).toEqual(['textcard']);
    expect((await search(o.alice.session, '领奖')).map((f) => f.message.msgType)).toEqual(['textcard']);
    expect((await search(o.alice.session, '创新高')).map((f) => f.message.msgType)).toEqual(['news']);
    expect((await search(o.alice.session, '招标')).map((f) => [f.message.msgType, f.conversation])).toEqual([
      ['link', conversation],
    ]);
    expect(await search(o.bob.session, '招标')).toHaveLength(1);
    expect(await search(o.alice.session, 'example')).toEqual([]);
    // A match may not straddle the title and the description.
    expect(await search(o.alice.session, '通知请于')).toEqual([]);
  });

  it('leaves out recalled messages', async () => {
    const o = await givenOrg();
    const recalled = await o.send(['alice'], 'text', { content: '鱼价错了' });
    await o.send(['alice'], 'text', { content: '鱼价更正' });
    await recallAppMessage(o.ctx, o.app.id, recalled);
    expect(texts(await search(o.alice.session, '鱼价'))).toEqual(['鱼价更正']);
  });

  it("never returns another member's or another org's messages", async () => {
    const o = await givenOrg();
    const other = await givenOrg('Other Org');
    await o.send(['bob'], 'text', { content: '机密鱼价' });
    await other.send(['alice'], 'text', { content: '机密鱼价' });
    expect(await search(o.alice.session, '机密鱼价')).toEqual([]);
    expect(texts(await search(o.bob.session, '机密鱼价'))).toEqual(['机密鱼价']);
    expect(texts(await search(other.alice.session, '机密'))).toEqual(['机密鱼价']);
  });

  it('honours the limit and pages past index hits the text does not contain', async () => {
    const o = await givenOrg();
    await o.send(['alice'], 'text', { content: '鱼价上涨 first' });
    // Newer messages holding both pairs of 鱼价上 but not the phrase: more than one round of candidates.
    for (let i = 0; i < 120; i += 1) await o.send(['alice'], 'text', { content: `鱼价 价上 ${i}` });
    expect(texts(await search(o.alice.session, '鱼价上'))).toEqual(['鱼价上涨 first']);
    expect(await search(o.alice.session, '鱼', 7)).toHaveLength(7);
  });

  it('refuses an empty query and asks for a member session', async () => {
    const o = await givenOrg();
    expect((await call(o.alice.session, 'GET', '/api/client/messages/search?q=%20')).statusCode).toBe(400);
    const anonymous = await server.enclave.app.inject({ method: 'GET', url: '/api/client/messages/search?q=a' });
    expect(anonymous.statusCode).toBe(401);
    expect(await search(o.alice.session, '...')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgContext } from '../platform/context.js';
import { listInbox } from '../modules/messaging/index.js';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;

type Org = {
  orgId: number;
  ctx: OrgContext;
  /** Token of the app that creates the chats. */
  token: string;
  /** Token of a second app of the same org. */
  otherToken: string;
  /** Token of the org's directory secret (not an app). */
  directoryToken: string;
  members: Record<string, number>;
};

async function givenOrg(name: string): Promise<Org> {
  const org = await given.org(server.store.db, name);
  const members: Record<string, number> = {};
  for (const userId of ['ann', 'ben', 'cat', 'dan']) members[userId] = (await given.member(org.ctx, { userId })).id;
  const { secret } = await given.app(org.ctx, { name: 'Chat app' });
  const { secret: otherSecret } = await given.app(org.ctx, { name: 'Other app' });
  return {
    orgId: org.orgId,
    ctx: given.as(org.ctx, { kind: 'system' }),
    token: await server.token(org.corpId, secret),
    otherToken: await server.token(org.corpId, otherSecret),
    directoryToken: await server.token(org.corpId, org.contactSecret),
    members,
  };
}

let a: Org;
let b: Org;
beforeAll(async () => {
  server = await startTestServer();
  a = await givenOrg('Org A');
  b = await givenOrg('Org B');
});
afterAll(async () => server.close());

const post = (token: string, path: string, body: unknown) => server.cgi(`appchat/${path}`, { token, body });
const get = (token: string, chatid: string) => server.cgi('appchat/get', { token, query: { chatid } });
let next = 0;
const fresh = (prefix: string) => `${prefix}${(next += 1)}`;

describe('appchat/create and appchat/get', () => {
  it('creates a chat with the chat id asked for and shows it', async () => {
    const chatid = fresh('team');
    expect(
      await post(a.token, 'create', { chatid, name: '项目群', owner: 'ben', userlist: ['ann', 'ben', 'cat'] }),
    ).toEqual({ errcode: 0, errmsg: 'ok', chatid });
    expect(await get(a.token, chatid)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      chat_info: { chatid, name: '项目群', owner: 'ben', userlist: ['ann', 'ben', 'cat'] },
    });
  });

  it('generates a chat id and takes a |-joined userlist, cutting the name to 50 characters', async () => {
    const created = await post(a.token, 'create', { name: 'n'.repeat(80), userlist: 'ann|dan', chatid: '' });
    expect(created).toMatchObject({ errcode: 0, chatid: expect.stringMatching(/^[0-9a-zA-Z]{1,32}$/) });
    const shown = await get(a.token, created.chatid as string);
    expect(shown.chat_info).toMatchObject({ name: 'n'.repeat(50), userlist: ['ann', 'dan'] });
    expect(['ann', 'dan']).toContain((shown.chat_info as { owner: string }).owner);
  });

  it('answers each bad input with its appchat errcode', async () => {
    const ok = { userlist: ['ann', 'ben'] };
    const cases: [unknown, number][] = [
      [{ ...ok, chatid: 'not-alnum' }, 86001],
      [{ ...ok, chatid: 'x'.repeat(33) }, 86001],
      [{ ...ok, chatid: ['arr'] }, 86001],
      [{ ...ok, name: { zh: 'x' } }, 86004],
      [{ ...ok, name: 'a\u0001b' }, 86004],
      [{ ...ok, owner: 'cat' }, 86005],
      [{ ...ok, owner: 'ghost' }, 86005],
      [{ ...ok, owner: ['ann'] }, 86005],
      [{}, 86006],
      [{ userlist: ['ann'] }, 86006],
      [{ userlist: Array.from({ length: 501 }, (_, i) => `u${i}`) }, 86006],
      [{ userlist: ['ann', 'ghost'] }, 86007],
      [{ userlist: ['ann', { id: 'ben' }] }, 86007],
      [{ userlist: { ann: 1 } }, 86007],
    ];
    for (const [body, errcode] of cases) {
      expect({ body, reply: await post(a.token, 'create', body) }).toMatchObject({ body, reply: { errcode } });
    }
  });

  it('refuses a chat id already used in the org (86215), whichever app used it', async () => {
    const chatid = fresh('dup');
    await post(a.token, 'create', { chatid, userlist: ['ann', 'ben'] });
    expect(await post(a.token, 'create', { chatid, userlist: ['cat', 'dan'] })).toMatchObject({ errcode: 86215 });
    expect(await post(a.otherToken, 'create', { chatid, userlist: ['cat', 'dan'] })).toMatchObject({
      errcode: 86215,
    });
  });

  it('answers an unknown or malformed chat id on get', async () => {
    expect(await get(a.token, 'nosuchchat')).toMatchObject({ errcode: 86003 });
    expect(await get(a.token, 'bad id!')).toMatchObject({ errcode: 86001 });
    expect(await server.cgi('appchat/get', { token: a.token })).toMatchObject({ errcode: 86001 });
  });

  it('takes only app tokens', async () => {
    expect(await post(a.directoryToken, 'create', { userlist: ['ann', 'ben'] })).toMatchObject({ errcode: 301002 });
    expect(await post('not-a-token', 'create', { userlist: ['ann', 'ben'] })).toMatchObject({ errcode: 40014 });
  });
});

describe('appchat/update', () => {
  it('renames, hands over, adds and removes', async () => {
    const chatid = fresh('upd');
    await post(a.token, 'create', { chatid, owner: 'ann', userlist: ['ann', 'ben'] });
    expect(
      await post(a.token, 'update', {
        chatid,
        name: 'Renamed',
        owner: 'cat',
        add_user_list: ['cat', 'dan'],
        del_user_list: 'ann',
      }),
    ).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await get(a.token, chatid)).chat_info).toEqual({
      chatid,
      name: 'Renamed',
      owner: 'cat',
      userlist: ['ben', 'cat', 'dan'],
    });
  });

  it('answers each bad change with its appchat errcode and changes nothing', async () => {
    const chatid = fresh('bad');
    await post(a.token, 'create', { chatid, owner: 'ann', userlist: ['ann', 'ben', 'cat'] });
    const cases: [unknown, number][] = [
      [{ name: 'x' }, 86001],
      [{ chatid: 'nosuchchat', name: 'x' }, 86003],
      [{ chatid, name: [1] }, 86004],
      [{ chatid, del_user_list: ['ann'] }, 86005],
      [{ chatid, owner: 'dan' }, 86005],
      [{ chatid, del_user_list: ['ben', 'cat'] }, 86006],
      [{ chatid, add_user_list: ['ghost'] }, 86007],
      [{ chatid, add_user_list: [null, 7, {}] }, 86007],
    ];
    for (const [body, errcode] of cases) {
      expect({ body, reply: await post(a.token, 'update', body) }).toMatchObject({ body, reply: { errcode } });
    }
    expect((await get(a.token, chatid)).chat_info).toMatchObject({
      name: '',
      owner: 'ann',
      userlist: ['ann', 'ben', 'cat'],
    });
  });
});

describe('appchat/send', () => {
  it("delivers one entry into every member's inbox, with gap-free seqs", async () => {
    const chatid = fresh('send');
    const org = await givenOrg('Send Org');
    await post(org.token, 'create', { chatid, userlist: ['ann', 'ben', 'cat'] });
    const bodies = [
      { msgtype: 'text', text: { content: 'one' } },
      { msgtype: 'markdown', markdown: { content: '**two**' }, safe: '1' },
      { msgtype: 'textcard', textcard: { title: 't', description: 'd', url: 'https://example.com' } },
    ];
    for (const body of bodies) {
      expect(await post(org.token, 'send', { chatid, ...body })).toEqual({ errcode: 0, errmsg: 'ok' });
    }
    for (const userId of ['ann', 'ben', 'cat']) {
      const entries = await listInbox(org.ctx, org.members[userId]!, 0);
      expect(entries.map((e) => [e.seq, e.conversation, e.message.msgType])).toEqual([
        [1, `chat:${chatid}`, 'text'],
        [2, `chat:${chatid}`, 'markdown'],
        [3, `chat:${chatid}`, 'textcard'],
      ]);
      expect(entries[1]?.message).toMatchObject({ payload: { content: '**two**' }, isConfidential: true });
    }
    expect(await listInbox(org.ctx, org.members.dan!, 0)).toEqual([]);
    const stored = await server.store.db.selectFrom('messages').select('id').where('org_id', '=', org.orgId).execute();
    expect(stored).toHaveLength(3);
  });

  it('answers bad sends with their errcodes', async () => {
    const chatid = fresh('sendbad');
    await post(a.token, 'create', { chatid, userlist: ['ann', 'ben'] });
    const news = { articles: [{ title: 't', url: 'https://example.com' }] };
    const cases: [unknown, number][] = [
      [{ msgtype: 'text', text: { content: 'x' } }, 86001],
      [{ chatid: 'nosuchchat', msgtype: 'text', text: { content: 'x' } }, 86003],
      [{ chatid, msgtype: 'template_card', template_card: { card_type: 'text_notice' } }, 40008],
      [{ chatid, msgtype: 'nonsense' }, 40008],
      [{ chatid }, 40008],
      [{ chatid, msgtype: 'text', text: { content: '' } }, 44004],
      [{ chatid, msgtype: 'text' }, 44004],
      [{ chatid, msgtype: 'text', text: 'plain' }, 40058],
      [{ chatid, msgtype: 'image', image: { media_id: 'nope' } }, 40007],
      [{ chatid, msgtype: 'news', news, safe: 1 }, 40074],
      [{ chatid, msgtype: 'text', text: { content: 'x' }, safe: 5 }, 40058],
    ];
    for (const [body, errcode] of cases) {
      expect({ body, reply: await post(a.token, 'send', body) }).toMatchObject({ body, reply: { errcode } });
    }
  });
});

describe('a chat belongs to the app that created it', () => {
  it('refuses another app of the same org with 86008', async () => {
    const chatid = fresh('own');
    await post(a.token, 'create', { chatid, userlist: ['ann', 'ben'] });
    expect(await get(a.otherToken, chatid)).toMatchObject({ errcode: 86008 });
    expect(await post(a.otherToken, 'update', { chatid, name: 'x' })).toMatchObject({ errcode: 86008 });
    expect(await post(a.otherToken, 'send', { chatid, msgtype: 'text', text: { content: 'x' } })).toMatchObject({
      errcode: 86008,
    });
    expect((await get(a.token, chatid)).chat_info).toMatchObject({ name: '' });
  });
});

describe('the org wall', () => {
  it("does not let org A's app see, change or send to org B's chat", async () => {
    const chatid = fresh('bonly');
    await post(b.token, 'create', { chatid, name: 'B chat', owner: 'ann', userlist: ['ann', 'ben'] });
    const before = await get(b.token, chatid);
    const inboxBefore = await listInbox(b.ctx, b.members.ann!, 0);
    expect(await get(a.token, chatid)).toMatchObject({ errcode: 86003 });
    expect(await post(a.token, 'update', { chatid, name: 'Hijacked', add_user_list: ['cat'] })).toMatchObject({
      errcode: 86003,
    });
    expect(await post(a.token, 'send', { chatid, msgtype: 'text', text: { content: 'x' } })).toMatchObject({
      errcode: 86003,
    });
    expect(await get(b.token, chatid)).toEqual(before);
    expect(await listInbox(b.ctx, b.members.ann!, 0)).toEqual(inboxBefore);
  });

  it('keeps chat ids per org: both orgs may use the same one', async () => {
    const chatid = fresh('shared');
    await post(b.token, 'create', { chatid, name: 'B', userlist: ['ann', 'ben'] });
    expect(await post(a.token, 'create', { chatid, name: 'A', userlist: ['cat', 'dan'] })).toMatchObject({
      errcode: 0,
      chatid,
    });
    expect((await get(a.token, chatid)).chat_info).toMatchObject({ name: 'A', userlist: ['cat', 'dan'] });
    expect((await get(b.token, chatid)).chat_info).toMatchObject({ name: 'B', userlist: ['ann', 'ben'] });
  });
});

describe('malformed requests', () => {
  it('answers with an errcode, never a 500', async () => {
    const bodies: unknown[] = [
      { chatid: { a: 1 } },
      { chatid: 12345, userlist: 7 },
      { chatid: null, name: null, owner: null, userlist: null },
      { add_user_list: 'ann', chatid: true },
      '[1,2]',
      'not json',
    ];
    for (const path of ['create', 'update', 'send']) {
      for (const body of bodies) {
        const reply = await post(a.token, path, body);
        expect(reply.errcode).toEqual(expect.any(Number));
        expect({ path, body, errcode: reply.errcode }).not.toMatchObject({ errcode: -1 });
        expect(reply.errcode).not.toBe(0);
      }
    }
    expect((await get(a.token, '\u0000')).errcode).not.toBe(-1);
  });
});

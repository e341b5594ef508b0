import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Work } from 'node-easywechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/**
 * Compatibility proven with an SDK someone else wrote: node-easywechat (npm, the Node port of EasyWeChat 6), its
 * `Work` (企业微信) app, pointed at Enclave over real HTTP by its documented `http.baseURL` (axios) setting
 * (wecom-api.md §0). Nothing in it knows about Enclave. The callback side is proven separately with Tencent's own
 * `@wecom/crypto` (testing/callback-receiver.ts, modules/callbacks/callbacks.test.ts).
 */

let server: TestServer;
let baseUrl: string;
let fileDir: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.enclave.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.enclave.app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  fileDir = mkdtempSync(join(tmpdir(), 'enclave-compat-'));
});
afterAll(async () => {
  await server.close();
  rmSync(fileDir, { recursive: true, force: true });
});

/** node-easywechat caches tokens in files under ./cache by default; keep them in memory instead. */
class MemoryCache {
  readonly #items = new Map<string, unknown>();
  async get(key: string) {
    return this.#items.get(key);
  }
  async has(key: string) {
    return this.#items.has(key);
  }
  async set(key: string, data?: unknown) {
    this.#items.set(key, data);
    return true;
  }
  async delete(key: string) {
    return this.#items.delete(key);
  }
}

/** An org, an app allowed to edit the directory, and node-easywechat's client for that app. */
async function givenEasyWechat() {
  const org = await given.org(server.store.db);
  const { app, secret } = await given.app(org.ctx, { name: 'EasyWeChat', canWriteDirectory: true });
  const work = new Work({ corp_id: org.corpId, secret, http: { baseURL: baseUrl } });
  work.setCache(new MemoryCache());
  return { org, app, work, client: work.getClient() };
}

describe('node-easywechat (Work) against a live Enclave', () => {
  it('gets an access token and reuses it from its cache', async () => {
    const { org, work, client } = await givenEasyWechat();
    const token = await work.getAccessToken().getToken();
    expect(token.length).toBeGreaterThan(0);
    expect(await work.getAccessToken().getToken()).toBe(token);
    expect((await client.get('cgi-bin/department/list')).toObject()).toMatchObject({ errcode: 0 });
    const minted = await server.store.db
      .selectFrom('access_tokens')
      .select('token_hash')
      .where('org_id', '=', org.orgId)
      .execute();
    expect(minted).toHaveLength(1);
  });

  it('creates and lists departments, creates and reads a member', async () => {
    const { client } = await givenEasyWechat();
    const created = (await client.postJson('cgi-bin/department/create', { name: '研发部', parentid: 1 })).toObject();
    expect(created).toMatchObject({ errcode: 0, errmsg: 'created' });
    const departmentId = created.id as number;
    const list = (await client.get('cgi-bin/department/list', { params: { id: 1 } })).toObject();
    expect(list.errcode).toBe(0);
    expect((list.department as { id: number; name: string }[]).map((d) => d.name)).toContain('研发部');

    const user = {
      userid: 'easy',
      name: '易微信',
      department: [departmentId],
      mobile: '13800000123',
      gender: '2',
      position: '工程师',
    };
    expect((await client.postJson('cgi-bin/user/create', user)).toObject()).toMatchObject({ errcode: 0 });
    const fetched = (await client.get('cgi-bin/user/get', { params: { userid: 'easy' } })).toObject();
    expect(fetched).toMatchObject({ errcode: 0, ...user, department: [departmentId] });
    const missing = (await client.get('cgi-bin/user/get', { params: { userid: 'nobody' } })).toObject();
    expect(missing).toMatchObject({ errcode: 60111 });
  });

  it('sends a text message to a member', async () => {
    const { org, app, client } = await givenEasyWechat();
    const member = await given.member(org.ctx, { userId: 'reader' });
    const sent = (
      await client.postJson('cgi-bin/message/send', {
        touser: 'reader',
        toparty: '',
        totag: '',
        msgtype: 'text',
        agentid: app.agentId,
        text: { content: 'hello from node-easywechat' },
        safe: 0,
      })
    ).toObject();
    expect(sent).toMatchObject({ errcode: 0, invaliduser: '' });
    expect(typeof sent.msgid).toBe('string');
    const inbox = await server.store.db
      .selectFrom('inbox_entries')
      .select('kind')
      .where('member_id', '=', member.id)
      .execute();
    expect(inbox).toEqual([{ kind: 'message' }]);
  });

  it('uploads a file with its multipart client and downloads it again', async () => {
    const { client } = await givenEasyWechat();
    const path = join(fileDir, 'notes.txt');
    writeFileSync(path, 'hello, 企业微信');
    const uploaded = (
      await client.withFile(path, 'media').post('cgi-bin/media/upload', { params: { type: 'file' } })
    ).toObject();
    expect(uploaded).toMatchObject({ errcode: 0, type: 'file', created_at: expect.stringMatching(/^\d+$/) });
    const download = await client.get('cgi-bin/media/get', {
      params: { media_id: uploaded.media_id },
      responseType: 'arraybuffer',
    });
    expect(Buffer.from(download.getContent() as Buffer).toString('utf8')).toBe('hello, 企业微信');
    expect(download.getHeader('content-type')).toMatch(/^text\/plain/);
    expect(download.getHeader('content-disposition')).toContain('notes.txt');
  });

  it('creates, reads and deletes the app menu', async () => {
    const { app, client } = await givenEasyWechat();
    const params = { agentid: app.agentId };
    const button = [
      { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
      { name: '菜单', sub_button: [{ type: 'view', name: '搜索', url: 'https://www.soso.com/' }] },
    ];
    expect((await client.postJson('cgi-bin/menu/create', { button }, { params })).toObject()).toMatchObject({
      errcode: 0,
    });
    const menu = (await client.get('cgi-bin/menu/get', { params })).toObject();
    expect(menu).toMatchObject({ errcode: 0, button });
    expect((await client.get('cgi-bin/menu/delete', { params })).toObject()).toMatchObject({ errcode: 0 });
    expect((await client.get('cgi-bin/menu/get', { params })).toObject()).toMatchObject({ errcode: 46003 });
  });
});

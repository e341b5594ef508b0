import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { forgetTokens } from '../../../server/src/modules/access-tokens/access-tokens.service.js';
import { EnclaveApiError, EnclaveClient } from './client.js';
import { startLiveEnclave, type LiveEnclave } from './testing/live-enclave.js';

let live: LiveEnclave;
beforeAll(async () => {
  live = await startLiveEnclave();
});
afterAll(async () => live.close());

/** The app's client, plus the paths it requested (to see token fetches and retries). */
async function givenClient() {
  const org = await live.givenOrg();
  const requested: string[] = [];
  const client = new EnclaveClient({
    baseUrl: live.baseUrl,
    corpId: org.corpId,
    secret: org.appSecret,
    fetch: (input, init) => {
      requested.push(new URL(String(input)).pathname.replace('/cgi-bin/', ''));
      return fetch(input, init);
    },
  });
  return { ...org, client, requested };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('access token', () => {
  it('fetches a token once and reuses it', async () => {
    const o = await givenClient();
    await o.client.department.list();
    await o.client.tag.list();
    expect(o.requested).toEqual(['gettoken', 'department/list', 'tag/list']);
  });

  it('gets a new token and retries once when the server no longer knows the old one', async () => {
    const o = await givenClient();
    await o.client.department.list();
    await live.db.deleteFrom('access_tokens').where('org_id', '=', o.orgId).execute();
    forgetTokens(live.db);
    const { department } = await o.client.department.list();
    expect(department.map((d) => d.id)).toEqual([1]);
    expect(o.requested).toEqual(['gettoken', 'department/list', 'department/list', 'gettoken', 'department/list']);
    const tokens = await live.db.selectFrom('access_tokens').select('org_id').where('org_id', '=', o.orgId).execute();
    expect(tokens).toHaveLength(1);
  });

  it('refreshes the token shortly before it expires', async () => {
    const requested: string[] = [];
    const fake = async (input: string | URL | Request) => {
      const path = new URL(String(input)).pathname;
      requested.push(path);
      const token = `t${requested.length}`;
      return Response.json(
        path.endsWith('gettoken')
          ? { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 }
          : { errcode: 0, errmsg: 'ok', taglist: [] },
      );
    };
    const client = new EnclaveClient({
      baseUrl: 'http://enclave.invalid/cgi-bin/',
      corpId: 'ww1',
      secret: 's',
      fetch: fake,
    });
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      await client.tag.list();
      now.mockReturnValue(1_000_000 + 6_800_000);
      await client.tag.list();
      now.mockReturnValue(1_000_000 + 6_901_000);
      await client.tag.list();
    } finally {
      now.mockRestore();
    }
    expect(requested).toEqual([
      '/cgi-bin/gettoken',
      '/cgi-bin/tag/list',
      '/cgi-bin/tag/list',
      '/cgi-bin/gettoken',
      '/cgi-bin/tag/list',
    ]);
  });

  it('shares one gettoken between concurrent calls', async () => {
    const o = await givenClient();
    await Promise.all([o.client.tag.list(), o.client.department.list(), o.client.user.listId()]);
    expect(o.requested.filter((p) => p === 'gettoken')).toHaveLength(1);
  });

  it('throws EnclaveApiError for a wrong secret and for any non-zero errcode', async () => {
    const o = await givenClient();
    const wrong = new EnclaveClient({ baseUrl: live.baseUrl, corpId: o.corpId, secret: 'not-the-secret' });
    expect(await caught(wrong.tag.list())).toMatchObject({ errcode: 40001, path: 'gettoken' });
    const error = await caught(o.client.user.get('nobody'));
    expect(error).toBeInstanceOf(EnclaveApiError);
    expect(error).toMatchObject({ errcode: 60111, path: 'user/get' });
  });
});

describe('directory', () => {
  it('creates, reads, moves and deletes departments', async () => {
    const { client } = await givenClient();
    const { id } = await client.department.create({ name: '研发部', parentid: 1, order: 10 });
    const { id: child } = await client.department.create({
      name: 'Platform',
      name_en: 'Platform',
      parentid: id,
      id: 42,
    });
    expect(child).toBe(42);
    await client.department.update({ id: child, name: '平台组', parentid: 1 });
    expect((await client.department.get(child)).department).toMatchObject({ id: 42, name: '平台组', parentid: 1 });
    expect((await client.department.list()).department.map((d) => d.id).sort()).toEqual([1, id, 42].sort());
    expect((await client.department.simpleList(id)).department_id).toEqual([{ id, parentid: 1, order: 10 }]);
    await client.department.delete(child);
    expect(await caught(client.department.get(child))).toMatchObject({ errcode: 60003 });
  });

  it('creates, reads, updates, lists and deletes members', async () => {
    const { client } = await givenClient();
    const { id: dept } = await client.department.create({ name: 'Sales', parentid: 1 });
    await client.user.create({
      userid: 'zhangsan',
      name: '张三',
      department: [1, dept],
      email: 'zs@sdk.test',
      gender: '1',
    });
    await client.user.create({ userid: 'lisi', name: '李四', department: [dept], mobile: '13800000001' });
    const user = await client.user.get('zhangsan');
    expect(user).toMatchObject({
      userid: 'zhangsan',
      name: '张三',
      department: [1, dept],
      email: 'zs@sdk.test',
      gender: '1',
    });
    await client.user.update({ userid: 'zhangsan', position: '经理' });
    expect((await client.user.get('zhangsan')).position).toBe('经理');
    expect((await client.user.list({ department_id: dept })).userlist.map((u) => u.userid).sort()).toEqual([
      'lisi',
      'zhangsan',
    ]);
    expect((await client.user.simpleList({ department_id: 1, fetch_child: 1 })).userlist).toHaveLength(2);
    const page = await client.user.listId({ limit: 10 });
    expect(page.dept_user).toContainEqual({ userid: 'lisi', department: dept });
    await client.user.delete('lisi');
    expect(await caught(client.user.get('lisi'))).toMatchObject({ errcode: 60111 });
  });

  it('manages tags and their members', async () => {
    const { client } = await givenClient();
    await client.user.create({ userid: 'wangwu', name: '王五', department: [1], email: 'ww@sdk.test' });
    const { tagid } = await client.tag.create({ tagname: 'oncall' });
    await client.tag.update({ tagid, tagname: 'on-call' });
    const added = await client.tag.addUsers({ tagid, userlist: ['wangwu', 'ghost'], partylist: [1] });
    expect(added.invalidlist).toBe('ghost');
    expect(await client.tag.get(tagid)).toMatchObject({
      tagname: 'on-call',
      userlist: [{ userid: 'wangwu', name: '王五' }],
      partylist: [1],
    });
    expect((await client.tag.list()).taglist).toEqual([{ tagid, tagname: 'on-call' }]);
    await client.tag.delUsers({ tagid, userlist: ['wangwu'] });
    expect((await client.tag.get(tagid)).userlist).toEqual([]);
    await client.tag.delete(tagid);
    expect((await client.tag.list()).taglist).toEqual([]);
  });

  it('imports members from an uploaded CSV', async () => {
    const { client } = await givenClient();
    const csv = '姓名,帐号,手机号,邮箱,所在部门\n导入者,imported,13800000002,,1\n';
    const { media_id } = await client.media.upload('file', new Blob([csv], { type: 'text/csv' }), 'users.csv');
    const { jobid } = await client.batch.syncUser({ media_id, to_invite: false });
    let result = await client.batch.getResult(jobid);
    for (let i = 0; i < 100 && result.status !== 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = await client.batch.getResult(jobid);
    }
    expect(result).toMatchObject({
      status: 3,
      type: 'sync_user',
      total: 1,
      result: [{ userid: 'imported', errcode: 0 }],
    });
    expect((await client.user.get('imported')).name).toBe('导入者');
  });
});

describe('messages and media', () => {
  it("sends a message that lands in the member's inbox, then recalls it", async () => {
    const o = await givenClient();
    await o.client.user.create({ userid: 'reader', name: 'Reader', department: [1], email: 'reader@sdk.test' });
    const sent = await o.client.message.send({
      touser: 'reader|ghost',
      msgtype: 'text',
      agentid: o.app.agentId,
      text: { content: '你好 from the SDK' },
    });
    expect(sent.invaliduser).toBe('ghost');
    const member = await live.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', o.orgId)
      .where('user_id', '=', 'reader')
      .executeTakeFirstOrThrow();
    const inbox = () => live.db.selectFrom('inbox_entries').select('kind').where('member_id', '=', member.id).execute();
    expect(await inbox()).toEqual([{ kind: 'message' }]);
    await o.client.message.recall(sent.msgid);
    expect((await inbox()).map((e) => e.kind)).toEqual(['message', 'recall']);
    expect(
      await caught(
        o.client.message.send({ touser: 'ghost', msgtype: 'text', agentid: o.app.agentId, text: { content: 'x' } }),
      ),
    ).toMatchObject({ errcode: 81013, body: { invaliduser: 'ghost' } });
  });

  it('uploads a file and downloads the same bytes, type and name', async () => {
    const { client } = await givenClient();
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10, 0x20]);
    const uploaded = await client.media.upload('file', new Blob([bytes], { type: 'application/pdf' }), '报告 2026.pdf');
    expect(uploaded).toMatchObject({ type: 'file', created_at: expect.stringMatching(/^\d+$/) });
    const media = await client.media.get(uploaded.media_id);
    expect(media.data).toEqual(bytes);
    expect(media.contentType).toBe('application/pdf');
    expect(media.filename).toBe('报告 2026.pdf');
    expect(await caught(client.media.get('no-such-media'))).toMatchObject({ errcode: 40007 });
  });
});

describe('the app and its menu', () => {
  it('reads and changes its own settings', async () => {
    const o = await givenClient();
    await o.client.agent.set({
      agentid: o.app.agentId,
      description: 'Built with @enclave/sdk',
      home_url: 'https://app.sdk.test/',
    });
    expect(await o.client.agent.get(o.app.agentId)).toMatchObject({
      agentid: o.app.agentId,
      name: 'SDK App',
      description: 'Built with @enclave/sdk',
      home_url: 'https://app.sdk.test/',
      close: 0,
    });
    expect((await o.client.agent.list()).agentlist).toEqual([
      expect.objectContaining({ agentid: o.app.agentId, name: 'SDK App' }),
    ]);
  });

  it('sets, reads and deletes the menu', async () => {
    const o = await givenClient();
    await o.client.menu.create(o.app.agentId, {
      button: [
        { type: 'click', name: '今日', key: 'today' },
        { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://sdk.test/' }] },
      ],
    });
    const { button } = await o.client.menu.get(o.app.agentId);
    expect(button).toMatchObject([
      { type: 'click', name: '今日', key: 'today' },
      { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://sdk.test/' }] },
    ]);
    await o.client.menu.delete(o.app.agentId);
    expect(await caught(o.client.menu.get(o.app.agentId))).toMatchObject({ errcode: 46003 });
  });
});

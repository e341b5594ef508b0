import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../testing/given.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ENCLAVE_LIMIT_API_PER_MINUTE: '5', ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_MINUTE: '2' });
});
afterAll(async () => server.close());

describe('frequency limits', () => {
  it('answers 45009 once an org calls one API more often than the limit, and counts each API and org apart', async () => {
    const org = await given.org(server.store.db);
    const token = await server.token(org.corpId, org.contactSecret);
    const codes: number[] = [];
    for (let i = 0; i < 7; i += 1) codes.push((await server.cgi('department/list', { token })).errcode as number);
    expect(codes).toEqual([0, 0, 0, 0, 0, 45009, 45009]);
    expect((await server.cgi('tag/list', { token })).errcode).toBe(0);
    const other = await given.org(server.store.db);
    const theirs = await server.token(other.corpId, other.contactSecret);
    expect((await server.cgi('department/list', { token: theirs })).errcode).toBe(0);
  });

  it("drops an app's messages to a member beyond the per-member limit, silently", async () => {
    const org = await given.org(server.store.db);
    const member = await given.member(org.ctx, { userId: 'busy' });
    const { app, secret } = await given.app(org.ctx);
    const token = await server.token(org.corpId, secret);
    const send = () =>
      server.cgi('message/send', {
        token,
        body: { touser: 'busy', msgtype: 'text', agentid: app.agentId, text: { content: 'hi' } },
      });
    const answers = [await send(), await send(), await send()];
    expect(answers.map((a) => a.errcode)).toEqual([0, 0, 0]);
    const entries = await server.store.db
      .selectFrom('inbox_entries')
      .select('seq')
      .where('member_id', '=', member.id)
      .execute();
    expect(entries).toHaveLength(2);
  });
});

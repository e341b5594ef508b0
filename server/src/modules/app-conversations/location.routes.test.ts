import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { signInMember } from '../../testing/member-client.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { sendAppMessage } from '../messaging/index.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function signedInMember(org?: Awaited<ReturnType<typeof given.org>>) {
  const o = org ?? (await given.org(server.store.db));
  const mobile = `139${Math.floor(1e7 + Math.random() * 9e7)}`;
  const member = await given.member(o.ctx, { userId: `loc${mobile}`, mobile });
  await server.store.db.updateTable('orgs').set({ allow_self_join: 1 }).where('id', '=', o.orgId).execute();
  const session = await signInMember(server, { corpId: o.corpId, login: mobile });
  return { org: o, member, session };
}

describe("a member's shared location", () => {
  it('is stored when the member shares it, reaches 定点 sends, and is forgotten when they stop', async () => {
    const { org, member, session } = await signedInMember();
    const url = '/api/client/location';
    expect((await session.request('GET', url)).json()).toEqual({ last: null });

    const shared = await session.request('PUT', url, {
      body: { latitude: 30.5728, longitude: 104.0668, precision: 20 },
    });
    expect(shared.statusCode).toBe(200);
    expect((await session.request('GET', url)).json()).toEqual({
      last: { latitude: 30.5728, longitude: 104.0668, precision: 20, reportedAt: expect.any(Number) },
    });

    const { app } = await given.app(org.ctx);
    const near = { latitude: 30.573, longitude: 104.067, radiusMeters: 500, maxAgeMinutes: 10 };
    const send = () =>
      sendAppMessage(org.ctx, { app, audience: { all: true, near }, msgType: 'text', payload: { content: '降温' } });
    expect((await send()).recipients).toBe(1);

    expect((await session.request('DELETE', url)).json()).toEqual({ last: null });
    expect((await session.request('GET', url)).json()).toEqual({ last: null });
    await expect(send()).rejects.toMatchObject({ code: 'message.all_invalid' });
    const stored = await server.store.db
      .selectFrom('member_locations')
      .select('member_id')
      .where('member_id', '=', member.id)
      .execute();
    expect(stored).toEqual([]);
  });

  it('is only ever the signed-in member’s own, and needs a session and the CSRF header', async () => {
    const a = await signedInMember();
    const b = await signedInMember(a.org);
    await a.session.request('PUT', '/api/client/location', { body: { latitude: 1, longitude: 2 } });
    expect((await b.session.request('GET', '/api/client/location')).json()).toEqual({ last: null });
    await b.session.request('DELETE', '/api/client/location');
    expect((await a.session.request('GET', '/api/client/location')).json()).toMatchObject({
      last: { latitude: 1, longitude: 2, precision: 0 },
    });
    expect((await a.session.request('GET', '/api/client/location', { anonymous: true })).statusCode).toBe(401);
    const noCsrf = await a.session.request('PUT', '/api/client/location', {
      body: { latitude: 5, longitude: 5 },
      csrf: null,
    });
    expect(noCsrf.statusCode).toBe(403);
    for (const body of [{ latitude: 91, longitude: 0 }, { latitude: 0 }, { latitude: 0, longitude: 0, extra: 1 }]) {
      expect((await a.session.request('PUT', '/api/client/location', { body })).statusCode).toBe(400);
    }
    expect((await a.session.request('GET', '/api/client/location')).json()).toMatchObject({
      last: { latitude: 1, longitude: 2 },
    });
  });
});

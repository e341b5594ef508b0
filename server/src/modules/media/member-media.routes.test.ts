import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { signInMember } from '../../testing/member-session.js';
import { multipart } from '../../testing/multipart.js';
import { uploadMedia as uploadAsApp } from '../../testing/open-api-calls.js';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { MEDIA_LIMITS } from './media.service.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

type Session = { cookie: string; csrf: string };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

function upload(
  s: Session | null,
  type: string,
  file: { filename: string; data: Buffer; contentType?: string },
  options: { csrf?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const body = multipart([{ name: 'media', filename: file.filename, contentType: file.contentType, data: file.data }]);
  const headers: Record<string, string> = { ...body.headers };
  if (s) headers.cookie = s.cookie;
  if (s && options.csrf !== false) headers['x-csrf-token'] = s.csrf;
  return server.enclave.app.inject({
    method: 'POST',
    url: `/api/client/media?type=${type}`,
    payload: body.payload,
    headers,
  });
}
const download = (s: Session | null, mediaId: string) =>
  server.enclave.app.inject({
    method: 'GET',
    url: `/api/client/media/${mediaId}`,
    headers: s ? { cookie: s.cookie } : {},
  });
const post = (s: Session, url: string, payload: object) =>
  server.enclave.app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });

/** An org with three signed-in colleagues. */
async function givenColleagues() {
  const org = await given.org(server.store.db);
  const dept = await given.department(org.ctx, 'Sales');
  const person = async (userId: string) => {
    const mobile = `137${Math.floor(1e7 + Math.random() * 9e7)}`;
    const member = await given.member(org.ctx, {
      userId,
      mobile,
      departments: [{ id: dept.id, order: 0, isLeader: false }],
    });
    return { member, session: await signInMember(server, org.corpId, org.orgId, mobile) };
  };
  return { ...org, alice: await person('alice'), bob: await person('bob'), carol: await person('carol') };
}

describe('member media', () => {
  it('uploads an image and a file, sends them 1:1, and both members can download them; others cannot', async () => {
    const o = await givenColleagues();
    const image = await upload(o.alice.session, 'image', { filename: 'cat.png', data: PNG, contentType: 'image/png' });
    expect(image.statusCode).toBe(200);
    const img = image.json() as { mediaId: string; type: string; filename: string; size: number };
    expect(img).toMatchObject({ type: 'image', filename: 'cat.png', size: PNG.length });
    const row = await server.store.db
      .selectFrom('media')
      .selectAll()
      .where('id', '=', img.mediaId)
      .executeTakeFirstOrThrow();
    expect(row.expires_at).toBeNull();

    // Bob cannot see it before it is sent to him; Alice, who uploaded it, can.
    expect((await download(o.bob.session, img.mediaId)).statusCode).toBe(404);
    expect((await download(o.alice.session, img.mediaId)).statusCode).toBe(200);

    const { conversation } = (await post(o.alice.session, '/api/client/chats/direct', { userId: 'bob' })).json() as {
      conversation: string;
    };
    const sent = await post(o.alice.session, `/api/client/conversations/${conversation}/messages`, {
      msgType: 'image',
      payload: { media_id: img.mediaId },
    });
    expect(sent.statusCode).toBe(200);
    const got = await download(o.bob.session, img.mediaId);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toContain('filename="cat.png"');
    expect(got.rawPayload.equals(PNG)).toBe(true);

    const doc = (
      await upload(o.alice.session, 'file', {
        filename: '报告.pdf',
        data: Buffer.from('%PDF-1.4'),
        contentType: 'application/pdf',
      })
    ).json() as { mediaId: string; size: number };
    await post(o.alice.session, `/api/client/conversations/${conversation}/messages`, {
      msgType: 'file',
      payload: { media_id: doc.mediaId, filename: '报告.pdf', size: doc.size },
    });
    const file = await download(o.bob.session, doc.mediaId);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('报告.pdf')}`);

    // A third member of the org, and a member of another org, cannot download it.
    expect((await download(o.carol.session, img.mediaId)).statusCode).toBe(404);
    // Nor can she get it by sending its id on in a chat of her own.
    const theirs = (await post(o.carol.session, '/api/client/chats/direct', { userId: 'bob' })).json() as {
      conversation: string;
    };
    const forwarded = await post(o.carol.session, `/api/client/conversations/${theirs.conversation}/messages`, {
      msgType: 'image',
      payload: { media_id: img.mediaId },
    });
    expect(forwarded.statusCode).toBe(404);
    expect((await download(o.carol.session, img.mediaId)).statusCode).toBe(404);
    const other = await givenColleagues();
    expect((await download(other.alice.session, img.mediaId)).statusCode).toBe(404);
  });

  it('serves the media of a confidential app message inline and not to be stored', async () => {
    const o = await givenColleagues();
    const { secret } = await given.app(o.ctx);
    const token = await server.token(o.corpId, secret);
    const media = await uploadAsApp(server, token, { type: 'image', filename: 'secret.png', data: PNG });
    const { app } = {
      app: await server.store.db
        .selectFrom('apps')
        .select('agent_id')
        .where('org_id', '=', o.orgId)
        .executeTakeFirstOrThrow(),
    };
    const body = await server.cgi('message/send', {
      token,
      body: { touser: 'alice', msgtype: 'image', agentid: app.agent_id, image: { media_id: media.media_id }, safe: 1 },
    });
    expect(body.errcode).toBe(0);
    const got = await download(o.alice.session, String(media.media_id));
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-disposition']).toMatch(/^inline;/);
    expect(got.headers['cache-control']).toBe('no-store');
    expect((await download(o.bob.session, String(media.media_id))).statusCode).toBe(404);
  });

  it('refuses unknown ids, wrong types and sizes, no session and a missing CSRF token', async () => {
    const o = await givenColleagues();
    expect((await download(o.alice.session, `3${'A'.repeat(32)}`)).statusCode).toBe(404);
    expect((await upload(o.alice.session, 'video', { filename: 'a.mp4', data: PNG })).statusCode).toBe(400);
    expect((await upload(o.alice.session, 'image', { filename: 'empty.png', data: Buffer.alloc(0) })).statusCode).toBe(
      400,
    );
    const big = Buffer.alloc(MEDIA_LIMITS.voice + 1, 1);
    const tooLarge = await upload(o.alice.session, 'voice', { filename: 'a.amr', data: big });
    expect(tooLarge.statusCode).toBe(400);
    expect((tooLarge.json() as { code: string }).code).toBe('media.too_large');
    expect((await upload(null, 'image', { filename: 'a.png', data: PNG })).statusCode).toBe(401);
    expect((await upload(o.alice.session, 'image', { filename: 'a.png', data: PNG }, { csrf: false })).statusCode).toBe(
      403,
    );
    expect((await download(null, `3${'A'.repeat(32)}`)).statusCode).toBe(401);
    const stored = await server.store.db.selectFrom('media').select('id').where('org_id', '=', o.orgId).execute();
    expect(stored).toEqual([]);
  });
});

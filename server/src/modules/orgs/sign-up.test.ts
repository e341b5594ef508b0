import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpLinkToken } from '../../testing/admin-client.js';
import { given } from '../../testing/given.js';
import { ROOMY_SIGN_IN_LIMITS, startTestServer, type TestServer } from '../../testing/test-server.js';

/** Sign-up proves the email by mail before creating anything (ADR 0019). */
let server: TestServer;
let lowConfirms: TestServer;
beforeAll(async () => {
  const roomy = ROOMY_SIGN_IN_LIMITS;
  [server, lowConfirms] = await Promise.all([
    startTestServer(),
    startTestServer(
      {},
      {
        signInLimits: {
          ...roomy,
          perAddress: { ...roomy.perAddress, adminSignUpConfirms: [{ limit: 3, ms: 15 * 60_000 }] },
        },
      },
    ),
  ]);
});
afterAll(async () => Promise.all([server.close(), lowConfirms.close()]));

let counter = 0;
const email = (who: string) => `${who}-${Date.now().toString(36)}-${(counter += 1)}@signup.test`;

const signUp = (body: { email: string; orgName?: string }, on = server) =>
  on.enclave.app.inject({
    method: 'POST',
    url: '/api/admin/signup',
    payload: { orgName: 'Org', name: 'Owner', password: 'long enough pw', ...body },
  });
const confirm = (token: string | undefined, on = server, address = '127.0.0.1') =>
  on.enclave.app.inject({
    method: 'POST',
    url: '/api/admin/signup/confirm',
    payload: { token: token ?? 'none' },
    remoteAddress: address,
  });
const mailsTo = (address: string) =>
  server.store.db.selectFrom('dev_mail').selectAll().where('recipient', '=', address).orderBy('id').execute();
const orgsOf = (address: string) =>
  server.store.db.selectFrom('admins').select('org_id').where('email', '=', address).execute();

describe('admin sign-up by proof of email', () => {
  it('answers a free and a taken email alike, with no session and no org', async () => {
    const taken = await given.org(server.store.db);
    const free = email('free');
    const answers = [await signUp({ email: free }), await signUp({ email: taken.owner.email })];
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
    expect(answers[0]!.json()).toEqual({ status: 'check_email', email: free });
    expect(answers[1]!.json()).toEqual({ status: 'check_email', email: taken.owner.email });
    expect(Object.keys(answers[0]!.headers).sort()).toEqual(Object.keys(answers[1]!.headers).sort());
    for (const answer of answers) expect(answer.headers['set-cookie']).toBeUndefined();
    expect(await orgsOf(free)).toHaveLength(0);
    expect(await orgsOf(taken.owner.email)).toHaveLength(1);
  });

  it('mails a taken email that it has an org already, with no link', async () => {
    const taken = await given.org(server.store.db);
    await signUp({ email: taken.owner.email });
    const [mail] = await mailsTo(taken.owner.email);
    expect(mail?.body).toContain('already administers an org');
    expect(mail?.body).toContain('/admin/');
    expect(mail?.body).not.toContain('token=');
    expect(
      await server.store.db.selectFrom('admin_signups').selectAll().where('email', '=', taken.owner.email).execute(),
    ).toEqual([]);
  });

  it('creates the org once from the link, signing its owner in', async () => {
    const owner = email('owner');
    await signUp({ email: owner, orgName: '链接公司' });
    const [mail] = await mailsTo(owner);
    expect(mail?.body).toMatch(/\/admin\/#\/signup\/confirm\?token=/);
    const token = await signUpLinkToken(server, owner);
    const first = await confirm(token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toEqual(expect.stringContaining('enclave_admin='));
    const again = await confirm(token);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'admin.signup_link_invalid' });
    const orgs = await orgsOf(owner);
    expect(orgs).toHaveLength(1);
    const org = await server.store.db
      .selectFrom('orgs')
      .select('name')
      .where('id', '=', orgs[0]!.org_id)
      .executeTakeFirstOrThrow();
    expect(org.name).toBe('链接公司');
  });

  it('creates one org when the link is followed twice at once', async () => {
    const owner = email('twice');
    await signUp({ email: owner });
    const token = await signUpLinkToken(server, owner);
    const answers = await Promise.all([confirm(token), confirm(token)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400]);
    expect(await orgsOf(owner)).toHaveLength(1);
  });

  it('sends a new link on a second sign-up, and only the newest one works', async () => {
    const owner = email('second');
    await signUp({ email: owner, orgName: 'Old' });
    const older = await signUpLinkToken(server, owner);
    await signUp({ email: owner, orgName: 'New' });
    const newer = await signUpLinkToken(server, owner);
    expect(newer).not.toBe(older);
    expect((await confirm(older)).json()).toMatchObject({ code: 'admin.signup_link_invalid' });
    expect((await confirm(newer)).statusCode).toBe(200);
  });

  it('refuses an expired or unknown link', async () => {
    const owner = email('late');
    await signUp({ email: owner });
    const token = await signUpLinkToken(server, owner);
    await server.store.db
      .updateTable('admin_signups')
      .set({ expires_at: Date.now() - 1 })
      .where('email', '=', owner)
      .execute();
    for (const answer of [await confirm(token), await confirm('not-a-token')]) {
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'admin.signup_link_invalid' });
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    expect(await orgsOf(owner)).toHaveLength(0);
  });

  it('limits the links followed from one address, right or wrong', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await confirm(`wrong-${i}`, lowConfirms, '10.3.0.1')).statusCode);
    expect(answers).toEqual([400, 400, 400, 429]);
    expect((await confirm('wrong', lowConfirms, '10.3.0.2')).statusCode).toBe(400);
  });
});

describe('when the mail server fails', () => {
  it('answers 503 admin.mail_failed for a free and a taken email alike, never a 500', async () => {
    const broken = await startTestServer({
      ENCLAVE_SMTP_URL: 'smtp://127.0.0.1:1',
      ENCLAVE_PUBLIC_URL: 'http://enclave.test',
    });
    try {
      const taken = await given.org(broken.store.db);
      for (const address of [email('free'), taken.owner.email]) {
        const answer = await signUp({ email: address }, broken);
        expect(answer.statusCode).toBe(503);
        expect(answer.json()).toMatchObject({ code: 'admin.mail_failed' });
      }
    } finally {
      await broken.close();
    }
  });
});

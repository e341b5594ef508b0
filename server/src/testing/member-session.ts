import type { TestServer } from './test-server.js';

/**
 * Signs a listed member in the way a person does (self-join allowed, code from the development outbox)
 * and returns the cookie header and CSRF token of the new session.
 */
export async function signInMember(server: TestServer, corpId: string, orgId: number, login: string) {
  await server.store.db.updateTable('orgs').set({ allow_self_join: 1 }).where('id', '=', orgId).execute();
  await server.store.db
    .deleteFrom('verification_codes')
    .where('member_id', 'in', (eb) =>
      eb
        .selectFrom('members')
        .select('id')
        .where('org_id', '=', orgId)
        .where((w) => w.or([w('mobile', '=', login), w('email', '=', login)])),
    )
    .execute();
  const app = server.enclave.app;
  await app.inject({ method: 'POST', url: '/api/client/codes', payload: { corpId, login } });
  const sent = await server.store.db
    .selectFrom('dev_outbox')
    .select('body')
    .where('recipient', '=', login)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const code = /\d{6}/.exec(sent.body)?.[0] ?? '';
  const response = await app.inject({ method: 'POST', url: '/api/client/session', payload: { corpId, login, code } });
  const cookie = response.cookies.find((c) => c.name === 'enclave_member');
  if (!cookie) throw new Error(`sign-in failed: ${response.body}`);
  return { cookie: `enclave_member=${cookie.value}`, csrf: (response.json() as { csrfToken: string }).csrfToken };
}

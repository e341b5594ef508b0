import type { LightMyRequestResponse } from 'fastify';
import { given } from '../../testing/given.js';
import type { OrgContext } from '../../platform/context.js';
import { updateAppSettings } from '../apps/index.js';
import { activateMember } from '../directory/index.js';
import type { TestServer } from '../../testing/test-server.js';

/** Where the tests send members back to: the trusted domain (可信域名) of the org's app unless told otherwise. */
export const TRUSTED_HOST = 'app.example.com';

/** Sets an app's trusted domain the way an admin does in the console ('' leaves it trusting nothing). */
export async function trustDomain(ctx: OrgContext, agentId: number, domain: string) {
  await updateAppSettings(given.as(ctx, { kind: 'system' }), agentId, { redirectDomain: domain });
}

/**
 * Test support shared by the OAuth tests: an org with an app, members signed in through the client API.
 * The app trusts TRUSTED_HOST; `redirectDomain: ''` leaves it at the default, which trusts no host.
 */
export async function givenOAuthOrg(server: TestServer, options: { redirectDomain?: string } = {}) {
  const org = await given.org(server.store.db);
  const { app, secret } = await given.app(org.ctx, { name: 'Portal' });
  const domain = options.redirectDomain ?? TRUSTED_HOST;
  if (domain !== '') await trustDomain(org.ctx, app.agentId, domain);
  const token = await server.token(org.corpId, secret);
  return { ...org, app, secret, token };
}

export type Browser = { cookie: string; csrf: string };

/** Lists a member, activates them and signs them in with the code the development sender "sent". */
export async function signedInMember(server: TestServer, org: Awaited<ReturnType<typeof givenOAuthOrg>>) {
  const member = await given.member(org.ctx);
  const email = member.email ?? '';
  await activateMember(server.store.db, org.orgId, member.id);
  const inject = server.enclave.app.inject.bind(server.enclave.app);
  await inject({ method: 'POST', url: '/api/client/codes', payload: { corpId: org.corpId, login: email } });
  const sent = await server.store.db
    .selectFrom('dev_outbox')
    .select('body')
    .where('recipient', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const code = /\d{6}/.exec(sent.body)?.[0] ?? '';
  const response = await inject({
    method: 'POST',
    url: '/api/client/session',
    payload: { corpId: org.corpId, login: email, code },
  });
  const cookie = response.cookies.find((c) => c.name === 'enclave_member');
  if (!cookie) throw new Error(`sign-in failed: ${response.body}`);
  const browser: Browser = {
    cookie: `enclave_member=${cookie.value}`,
    csrf: (response.json() as { csrfToken: string }).csrfToken,
  };
  return { member, browser };
}

/** An authorize URL as a web app builds it (the `#wechat_redirect` fragment never reaches a server). */
export function authorizeUrl(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ response_type: 'code', scope: 'snsapi_base', ...params })) {
    if (v !== undefined) query.set(k, String(v));
  }
  return `/connect/oauth2/authorize?${query.toString()}`;
}

export async function browse(server: TestServer, url: string, browser?: Browser): Promise<LightMyRequestResponse> {
  return server.enclave.app.inject({
    method: 'GET',
    url,
    headers: browser ? { cookie: browser.cookie } : {},
  });
}

/** The code and state in the URL the browser was redirected to. */
export function codeOf(response: LightMyRequestResponse): { code: string; state: string | null; url: URL } {
  if (response.statusCode !== 302) throw new Error(`expected a redirect, got ${response.statusCode}: ${response.body}`);
  const url = new URL(String(response.headers.location));
  return { code: url.searchParams.get('code') ?? '', state: url.searchParams.get('state'), url };
}

/** Signs a member in and walks them through authorize; returns the code their browser carried to the app. */
export async function codeFor(
  server: TestServer,
  org: Awaited<ReturnType<typeof givenOAuthOrg>>,
  params: Record<string, string | number | undefined> = {},
  browser?: Browser,
) {
  const b = browser ?? (await signedInMember(server, org)).browser;
  const response = await browse(
    server,
    authorizeUrl({
      appid: org.corpId,
      redirect_uri: `https://${TRUSTED_HOST}/cb`,
      agentid: org.app.agentId,
      ...params,
    }),
    b,
  );
  return codeOf(response).code;
}

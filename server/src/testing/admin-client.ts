import type { LightMyRequestResponse } from 'fastify';
import type { TestServer } from './test-server.js';

export type AdminRequestOptions = {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (use with `headers` for a content type). */
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** The x-csrf-token header to send instead of the session's; null sends none. */
  csrf?: string | null;
  /** Sends no session cookie. */
  anonymous?: boolean;
};

export type AdminClient = {
  csrfToken: string;
  /** The raw Set-Cookie header of the sign-in. */
  setCookie: string;
  request: (method: string, url: string, options?: AdminRequestOptions) => Promise<LightMyRequestResponse>;
};

function sessionCookieOf(response: LightMyRequestResponse): { value: string; header: string } {
  const header = ([] as string[])
    .concat(response.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('enclave_admin='));
  if (!header) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return { value: header.split(';')[0]?.slice('enclave_admin='.length) ?? '', header };
}

function clientOf(server: TestServer, response: LightMyRequestResponse): AdminClient {
  const cookie = sessionCookieOf(response);
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return {
    csrfToken,
    setCookie: cookie.header,
    request: (method, url, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (!options.anonymous) headers.cookie = `enclave_admin=${cookie.value}`;
      const csrf = options.csrf === undefined ? csrfToken : options.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
      return server.enclave.app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(options.payload !== undefined ? { payload: options.payload } : {}),
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      });
    },
  };
}

/** Signs an admin in through POST /api/admin/session. */
export async function signIn(server: TestServer, email: string, password: string): Promise<AdminClient> {
  const response = await server.enclave.app.inject({
    method: 'POST',
    url: '/api/admin/session',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return clientOf(server, response);
}

/** The token of the newest sign-up link mailed to `email` (the development mailbox, dev_mail). */
export async function signUpLinkToken(server: TestServer, email: string): Promise<string | undefined> {
  const mail = await server.store.db
    .selectFrom('dev_mail')
    .select('body')
    .where('recipient', '=', email.trim().toLowerCase())
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return mail?.body.match(/[?&]token=([^\s&]+)/)?.[1];
}

/**
 * Creates an org as a person does: POST /api/admin/signup, then the link mailed to the email, followed through
 * POST /api/admin/signup/confirm; returns its owner's session with the org's ids.
 */
export async function signUp(server: TestServer, input: { orgName: string; email: string; password?: string }) {
  const asked = await server.enclave.app.inject({
    method: 'POST',
    url: '/api/admin/signup',
    payload: {
      orgName: input.orgName,
      name: 'Owner',
      email: input.email,
      password: input.password ?? 'long enough pw',
    },
  });
  if (asked.statusCode !== 202) throw new Error(`sign-up failed: ${asked.statusCode} ${asked.body}`);
  const token = await signUpLinkToken(server, input.email);
  const response = await server.enclave.app.inject({
    method: 'POST',
    url: '/api/admin/signup/confirm',
    payload: { token: decodeURIComponent(token ?? '') },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { corpId: string; contactSecret: string; csrfToken: string };
  return { ...clientOf(server, response), corpId: body.corpId, contactSecret: body.contactSecret };
}

import type { Db } from '../platform/db/database.js';
import type { AdminClient } from './admin-client.js';
import type { TestServer } from './test-server.js';

export type MemberClient = Pick<AdminClient, 'csrfToken' | 'request'>;

/** The code the development sender "sent" most recently to this recipient ('' when none was). */
export async function lastCodeSentTo(db: Db, recipient: string): Promise<string> {
  const row = await db
    .selectFrom('dev_outbox')
    .select('body')
    .where('recipient', '=', recipient)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return /\d{6}/.exec(row?.body ?? '')?.[0] ?? '';
}

/**
 * Signs a member in the way the client app does: asks for a code (POST /api/client/codes), reads it from the
 * development outbox, and trades it for a session (POST /api/client/session). The org must let listed members
 * join by code (setSelfJoin) or the member must have joined already.
 */
export async function signInMember(
  server: TestServer,
  input: { corpId: string; login: string },
): Promise<MemberClient> {
  const inject = server.enclave.app.inject.bind(server.enclave.app);
  const asked = await inject({ method: 'POST', url: '/api/client/codes', payload: input });
  if (asked.statusCode !== 200) throw new Error(`code request failed: ${asked.statusCode} ${asked.body}`);
  const code = await lastCodeSentTo(server.store.db, input.login);
  if (!code) throw new Error(`no code was sent to ${input.login}`);
  const response = await inject({ method: 'POST', url: '/api/client/session', payload: { ...input, code } });
  const cookie = response.cookies.find((c) => c.name === 'enclave_member');
  if (response.statusCode !== 200 || !cookie)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return {
    csrfToken,
    request: (method, url, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (!options.anonymous) headers.cookie = `enclave_member=${cookie.value}`;
      const csrf = options.csrf === undefined ? csrfToken : options.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
      return inject({
        method: method as 'GET',
        url,
        headers,
        ...(options.payload !== undefined ? { payload: options.payload } : {}),
        ...(options.body !== undefined ? { payload: options.body as object } : {}),
      });
    },
  };
}

import { expect } from 'vitest';
import type { Running } from './harness.js';

export const MEMBER_COOKIE = 'enclave_member';
/** A phone-sized browser in Chinese, as most members use the client. */
export const PHONE = { locale: 'zh-CN', viewport: { width: 390, height: 844 } } as const;
export type Session = { cookie: string; csrf: string };

/** Signs a demo member in over HTTP with the code the development outbox "sent" to their mobile. */
export async function signInMember(running: Running, userId: string): Promise<Session> {
  const db = running.enclave.store.db;
  const { mobile } = await db
    .selectFrom('members')
    .select('mobile')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const corpId = running.demo.org.corpId;
  const post = (path: string, body: unknown) =>
    fetch(`${running.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('/api/client/codes', { corpId, login: mobile })).status).toBe(200);
  const sent = await db
    .selectFrom('dev_outbox')
    .select('body')
    .where('recipient', '=', mobile ?? '')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const response = await post('/api/client/session', { corpId, login: mobile, code: sent.body.slice(0, 6) });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${MEMBER_COOKIE}=`)) ?? '';
  return { cookie: cookie.split(';')[0] ?? '', csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

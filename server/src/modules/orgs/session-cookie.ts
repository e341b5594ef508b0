import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { unauthorized } from '../../platform/errors.js';
import { type AdminSession, resolveSession } from './admins.service.js';

export const SESSION_COOKIE = 'enclave_admin';

declare module 'fastify' {
  interface FastifyRequest {
    adminSession?: AdminSession;
  }
}

let secureCookies = false;
/** Set once at start from ENCLAVE_SECURE_COOKIES. */
export function useSecureCookies(value: boolean): void {
  secureCookies = value;
}

export function setSessionCookie(reply: FastifyReply, session: { token: string; maxAgeSeconds: number }): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies,
    maxAge: session.maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The org context of the admin whose session cookie the request carries. */
export async function requireAdmin(db: Db, request: FastifyRequest): Promise<OrgContext & { csrfToken: string }> {
  const token = request.cookies[SESSION_COOKIE];
  const session = token ? await resolveSession(db, token) : undefined;
  if (!session) throw unauthorized('admin.signed_out', 'sign in first');
  request.adminSession = session;
  return { db, orgId: session.orgId, actor: session.actor, csrfToken: session.csrfToken };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { unauthorized } from '../../platform/errors.js';
import { type MemberSession, resolveSession } from './member-sessions.js';

export const MEMBER_COOKIE = 'enclave_member';

declare module 'fastify' {
  interface FastifyRequest {
    memberSession?: MemberSession;
  }
}

export function setMemberCookie(
  reply: FastifyReply,
  session: { token: string; maxAgeSeconds: number },
  secure: boolean,
): void {
  reply.setCookie(MEMBER_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: session.maxAgeSeconds,
  });
}

export function clearMemberCookie(reply: FastifyReply): void {
  reply.clearCookie(MEMBER_COOKIE, { path: '/' });
}

/** The org context of the member whose session cookie the request carries. */
export async function requireMember(db: Db, request: FastifyRequest): Promise<OrgContext & { csrfToken: string }> {
  const token = request.cookies[MEMBER_COOKIE];
  const session = token ? await resolveSession(db, token) : undefined;
  if (!session) throw unauthorized('member.signed_out', 'sign in first');
  request.memberSession = session;
  return {
    db,
    orgId: session.orgId,
    actor: { kind: 'member', memberId: session.memberId, userId: session.userId },
    csrfToken: session.csrfToken,
  };
}

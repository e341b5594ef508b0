export {
  acceptInvite,
  createInvite,
  describeInvite,
  listDevOutbox,
  requestSignInCode,
  sendInviteCode,
  setSelfJoin,
  signInWithCode,
  type CodeDeps,
} from './member-auth.service.js';
export { openSession, resolveSession as resolveMemberSession, type MemberSession } from './member-sessions.js';
export { MEMBER_COOKIE, requireMember } from './member-cookie.js';
export { DevOutboxSender, SmtpSender, type CodeSender, type OutgoingCode } from './senders.js';
export { memberAuthErrors } from './member-auth.errors.js';
export { memberAuthRoutes } from './member-auth.routes.js';
export { memberAuthModule } from './member-auth.module.js';

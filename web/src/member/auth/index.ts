export { JoinInvitePage } from './join-invite-page';
export { SignInPage } from './sign-in-page';
export { sessionKey, useDevices, useEndDevice, useSession, useSignOut } from './auth.queries';
export type { Device, MemberProfile, MemberSession } from './auth.queries';

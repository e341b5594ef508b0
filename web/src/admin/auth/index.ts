export { AuthScreen } from './auth-screen';
export { SignUpConfirm, signUpConfirmToken } from './sign-up-confirm';
export { sessionKey, useSession, useSignOut, type AdminRole, type Session } from './auth.queries';

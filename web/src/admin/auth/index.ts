export { AuthScreen } from './auth-screen';
export { sessionKey, useSession, useSignOut, type AdminRole, type Session } from './auth.queries';

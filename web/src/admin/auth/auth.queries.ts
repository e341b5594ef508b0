import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AdminSession, AdminSignedIn, Ok, SignUpPending, SignUpResult } from '@enclave/contracts';
import { api, isSignedOutError, setCsrfToken } from '../api';

export type { AdminRole } from '@enclave/contracts';

/** The signed-in admin and their org (GET /api/admin/session). */
export type Session = AdminSession;

export interface SignUpInput {
  orgName: string;
  name: string;
  email: string;
  password: string;
}

export const sessionKey = ['session'] as const;

/** Drops every cached answer except the session, so one admin never sees another's data. */
function forgetOrgData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
}

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/admin/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isSignedOutError(error)) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in admin, or null when signed out. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: Infinity, retry: false });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: { email: string; password: string }) => api.post<AdminSignedIn>('/api/admin/session', input),
    onSuccess: async ({ csrfToken }) => {
      setCsrfToken(csrfToken);
      forgetOrgData(queryClient);
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

/** Asks for an org: the server mails a link to the email (the same answer whether or not it has an org). */
export function useSignUp() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (input: SignUpInput) => api.post<SignUpPending>('/api/admin/signup', input),
  });
}

/** Follows the mailed link: creates the org and signs its owner in; the caller shows the secret, then `enterConsole`. */
export function useConfirmSignUp() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    meta: { silent: true },
    mutationFn: (token: string) => api.post<SignUpResult>('/api/admin/signup/confirm', { token }),
    onSuccess: ({ csrfToken }) => setCsrfToken(csrfToken),
  });
  const enterConsole = () => {
    window.location.hash = '/';
    forgetOrgData(queryClient);
    return queryClient.invalidateQueries({ queryKey: sessionKey });
  };
  return { ...mutation, enterConsole };
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<Ok>('/api/admin/session'),
    onSettled: () => {
      setCsrfToken(null);
      // Switch to the sign-in page first (the session query is observed), then drop the org's data.
      queryClient.setQueryData(sessionKey, null);
      forgetOrgData(queryClient);
    },
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CodeChannel,
  CodeRequested,
  DeviceList,
  InvitePreview,
  MemberSession,
  MemberSignedIn,
  Ok,
} from '@enclave/contracts';
import { api, isSignedOutError, setCsrfToken } from '../api';

export type { Device, InvitePreview, MemberSession } from '@enclave/contracts';

/** The signed-in member, as their session names them. */
export type MemberProfile = MemberSession['member'];

export const sessionKey = ['member', 'session'] as const;
const devicesKey = ['member', 'devices'] as const;

/** The signed-in member, or null when signed out (401). */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<MemberSession | null> => {
      try {
        const session = await api.get<MemberSession>('/api/client/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (isSignedOutError(error)) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    meta: { silent: true },
  });
}

export function useRequestCode() {
  return useMutation({
    mutationFn: (body: { corpId: string; login: string }) => api.post<CodeRequested>('/api/client/codes', body),
  });
}

export function useSignIn() {
  return useMutation({
    mutationFn: async (body: { corpId: string; login: string; code: string }) => {
      const { csrfToken } = await api.post<MemberSignedIn>('/api/client/session', body);
      setCsrfToken(csrfToken);
    },
  });
}

export function useInvite(token: string) {
  return useQuery({
    queryKey: ['member', 'invite', token],
    queryFn: () => api.get<InvitePreview>(`/api/client/invites/${encodeURIComponent(token)}`),
    enabled: token !== '',
    retry: false,
    meta: { silent: true },
  });
}

export function useSendInviteCode(token: string) {
  return useMutation({
    mutationFn: (channel: CodeChannel) =>
      api.post<Ok>(`/api/client/invites/${encodeURIComponent(token)}/code`, { channel }),
    meta: { silent: true },
  });
}

export function useAcceptInvite(token: string) {
  return useMutation({
    mutationFn: async (code: string) => {
      const { csrfToken } = await api.post<MemberSignedIn>(`/api/client/invites/${encodeURIComponent(token)}/accept`, {
        code,
      });
      setCsrfToken(csrfToken);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<Ok>('/api/client/session'),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(sessionKey, null);
    },
  });
}

export function useDevices() {
  return useQuery({
    queryKey: devicesKey,
    queryFn: () => api.get<DeviceList>('/api/client/devices').then((r) => r.items),
  });
}

export function useEndDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<Ok>(`/api/client/devices/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isSignedOutError, setCsrfToken } from '../api';

export interface MemberProfile {
  userId: string;
  name: string;
  position: string;
  avatar?: string;
  mobile?: string | null;
  email?: string | null;
  departments?: { id?: number; departmentId?: number; name?: string }[];
}

export interface MemberSession {
  member: MemberProfile;
  org: { name: string; corpId: string };
  csrfToken: string;
}

export interface InvitePreview {
  org: { name: string; corpId: string };
  member: { name: string };
  channels: { channel: 'sms' | 'email'; to: string }[];
}

export interface Device {
  id: number;
  device: string;
  signedInAt: number;
  lastSeenAt: number;
  current: boolean;
}

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
    mutationFn: (body: { corpId: string; login: string }) =>
      api.post<{ sent: boolean; message: string }>('/api/client/codes', body),
  });
}

export function useSignIn() {
  return useMutation({
    mutationFn: async (body: { corpId: string; login: string; code: string }) => {
      const { csrfToken } = await api.post<{ csrfToken: string }>('/api/client/session', body);
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
    mutationFn: (channel: 'sms' | 'email') =>
      api.post<unknown>(`/api/client/invites/${encodeURIComponent(token)}/code`, { channel }),
    meta: { silent: true },
  });
}

export function useAcceptInvite(token: string) {
  return useMutation({
    mutationFn: async (code: string) => {
      const { csrfToken } = await api.post<{ csrfToken: string }>(
        `/api/client/invites/${encodeURIComponent(token)}/accept`,
        { code },
      );
      setCsrfToken(csrfToken);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/api/client/session'),
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
    queryFn: () => api.get<{ items: Device[] }>('/api/client/devices').then((r) => r.items),
  });
}

export function useEndDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/client/devices/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: devicesKey }),
  });
}

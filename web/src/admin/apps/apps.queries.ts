import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export interface AdminApp {
  id: number;
  agentId: number;
  name: string;
  description: string;
  canWriteDirectory: boolean;
  isEnabled: boolean;
}

export interface CreateAppInput {
  name: string;
  description?: string;
  canWriteDirectory?: boolean;
}

const appsKey = ['apps'] as const;

export function useApps() {
  return useQuery({ queryKey: appsKey, queryFn: () => api.get<AdminApp[]>('/api/admin/apps') });
}

/** Resolves with the new app and its secret, which the server shows only this once. */
export function useCreateApp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAppInput) => api.post<{ app: AdminApp; secret: string }>('/api/admin/apps', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: appsKey }),
  });
}

export function useRotateAppSecret() {
  return useMutation({
    mutationFn: (agentId: number) => api.post<{ secret: string }>(`/api/admin/apps/${agentId}/secret`),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import type { AdminRole } from '../auth';

export interface OrgAdmin {
  id: number;
  name: string;
  email: string;
  role: AdminRole;
  departmentId: number | null;
  createdAt?: string;
}

export interface CreateAdminInput {
  name: string;
  email: string;
  password: string;
  role: AdminRole;
  departmentId?: number;
}

const adminsKey = ['admins'] as const;

export function useAdmins() {
  return useQuery({ queryKey: adminsKey, queryFn: () => api.get<OrgAdmin[]>('/api/admin/admins') });
}

export function useCreateAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAdminInput) => api.post<OrgAdmin>('/api/admin/admins', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminsKey }),
  });
}

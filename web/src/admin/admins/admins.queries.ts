import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminList, AdminRole, AdminView } from '@enclave/contracts';
import { api } from '../api';

/** An admin of the org, as the console lists them. */
export type OrgAdmin = AdminView;

export interface CreateAdminInput {
  name: string;
  email: string;
  password: string;
  /** The owner is the admin who signed the org up; nobody is made one. */
  role: Exclude<AdminRole, 'owner'>;
  departmentId?: number;
}

const adminsKey = ['admins'] as const;

export function useAdmins() {
  return useQuery({ queryKey: adminsKey, queryFn: () => api.get<AdminList>('/api/admin/admins') });
}

export function useCreateAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAdminInput) => api.post<AdminView>('/api/admin/admins', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminsKey }),
  });
}

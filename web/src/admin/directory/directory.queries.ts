import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export interface Department {
  id: number;
  parentId: number;
  name: string;
  nameEn: string;
  order: number;
  memberCount: number;
}

export type MemberStatus = 'invited' | 'active' | 'disabled';
export type MemberKind = 'staff' | 'external';
export type Gender = 0 | 1 | 2;

export interface MemberDepartment {
  id: number;
  order: number;
  isLeader: boolean;
}

export interface Member {
  id: number;
  userId: string;
  name: string;
  alias: string;
  mobile: string | null;
  email: string | null;
  position: string;
  gender: Gender;
  avatar: string;
  telephone: string;
  address: string;
  status: MemberStatus;
  kind: MemberKind;
  externalCorpName: string;
  mainDepartmentId: number | null;
  extattr: unknown;
  departments: MemberDepartment[];
  externalScope: number[];
  createdAt: string;
  updatedAt: string;
}

export interface MemberInput {
  userId?: string;
  newUserId?: string;
  name?: string;
  mobile?: string | null;
  email?: string | null;
  position?: string;
  gender?: Gender;
  alias?: string;
  telephone?: string;
  address?: string;
  kind?: MemberKind;
  externalCorpName?: string;
  departments?: MemberDepartment[];
  mainDepartmentId?: number;
  externalScope?: number[];
}

export interface MemberListParams {
  departmentId: number | null;
  recursive: boolean;
  limit: number;
  offset: number;
}

const keys = {
  departments: ['departments'] as const,
  members: ['members'] as const,
  memberList: (params: MemberListParams) => ['members', 'list', params] as const,
  memberSearch: (q: string, limit: number) => ['members', 'search', q, limit] as const,
};

const memberPath = (userId: string) => `/api/admin/members/${encodeURIComponent(userId)}`;

export function useDepartments() {
  return useQuery({ queryKey: keys.departments, queryFn: () => api.get<Department[]>('/api/admin/departments') });
}

/** Member writes change department counts and every list or search, so refresh them all. */
function useInvalidateDirectory() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.departments }),
      queryClient.invalidateQueries({ queryKey: keys.members }),
    ]);
}

export function useCreateDepartment() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: { name: string; parentId: number; nameEn?: string; order?: number }) =>
      api.post<Department>('/api/admin/departments', input),
    onSuccess: invalidate,
  });
}

export function useUpdateDepartment() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: number; name?: string; parentId?: number; order?: number }) =>
      api.patch<Department>(`/api/admin/departments/${id}`, patch),
    onSuccess: invalidate,
  });
}

export function useDeleteDepartment() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/admin/departments/${id}`),
    onSuccess: invalidate,
  });
}

export function useMembers(params: MemberListParams) {
  return useQuery({
    queryKey: keys.memberList(params),
    enabled: params.departmentId !== null,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<{ items: Member[]; total: number }>('/api/admin/members', {
        departmentId: params.departmentId,
        recursive: params.recursive ? 1 : undefined,
        limit: params.limit,
        offset: params.offset,
      }),
  });
}

export function searchMembers(q: string, limit: number) {
  return api.get<{ items: Member[] }>('/api/admin/members/search', { q, limit });
}

/** Search by name, pinyin ("zhangsan"), initials ("zs"), mobile, email or userId; idle while `q` is empty. */
export function useMemberSearch(q: string, limit = 50) {
  const trimmed = q.trim();
  return useQuery({
    queryKey: keys.memberSearch(trimmed, limit),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
    queryFn: () => searchMembers(trimmed, limit),
  });
}

export function useCreateMember() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (input: MemberInput) => api.post<Member>('/api/admin/members', input),
    onSuccess: invalidate,
  });
}

export function useUpdateMember() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ userId, input }: { userId: string; input: MemberInput }) =>
      api.patch<Member>(memberPath(userId), input),
    onSuccess: invalidate,
  });
}

export function useSetMemberEnabled() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ userId, enabled }: { userId: string; enabled: boolean }) =>
      api.post<unknown>(`${memberPath(userId)}/${enabled ? 'enable' : 'disable'}`),
    onSuccess: invalidate,
  });
}

export function useDeleteMember() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (userId: string) => api.delete(memberPath(userId)),
    onSuccess: invalidate,
  });
}

export interface MemberInvite {
  token: string;
  /** `/join?invite=…`, on this server's origin. */
  path: string;
  expiresAt: number;
}

/** Issues a new invitation link for a member; the dialog shows a refusal itself. */
export function useCreateInvite() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (userId: string) => api.post<MemberInvite>(`${memberPath(userId)}/invite`),
  });
}

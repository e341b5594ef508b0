import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DepartmentList,
  DepartmentView,
  DepartmentWithCount,
  Gender,
  MemberDepartment,
  MemberInvite,
  MemberKind,
  MemberPage,
  MemberSearchResult,
  MemberView,
  Ok,
} from '@enclave/contracts';
import { api } from '../api';

export type { Gender, MemberDepartment, MemberInvite, MemberKind, MemberStatus } from '@enclave/contracts';

/** A department with its member count, as the console lists them. */
export type Department = DepartmentWithCount;
/** A member as the console shows and edits them. */
export type Member = MemberView;

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
  return useQuery({ queryKey: keys.departments, queryFn: () => api.get<DepartmentList>('/api/admin/departments') });
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
      api.post<DepartmentView>('/api/admin/departments', input),
    onSuccess: invalidate,
  });
}

export function useUpdateDepartment() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: number; name?: string; parentId?: number; order?: number }) =>
      api.patch<DepartmentView>(`/api/admin/departments/${id}`, patch),
    onSuccess: invalidate,
  });
}

export function useDeleteDepartment() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (id: number) => api.delete<Ok>(`/api/admin/departments/${id}`),
    onSuccess: invalidate,
  });
}

export function useMembers(params: MemberListParams) {
  return useQuery({
    queryKey: keys.memberList(params),
    enabled: params.departmentId !== null,
    placeholderData: keepPreviousData,
    queryFn: () =>
      api.get<MemberPage>('/api/admin/members', {
        departmentId: params.departmentId,
        recursive: params.recursive ? 1 : undefined,
        limit: params.limit,
        offset: params.offset,
      }),
  });
}

export function searchMembers(q: string, limit: number) {
  return api.get<MemberSearchResult>('/api/admin/members/search', { q, limit });
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
    mutationFn: (input: MemberInput) => api.post<MemberView>('/api/admin/members', input),
    onSuccess: invalidate,
  });
}

export function useUpdateMember() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ userId, input }: { userId: string; input: MemberInput }) =>
      api.patch<MemberView>(memberPath(userId), input),
    onSuccess: invalidate,
  });
}

export function useSetMemberEnabled() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: ({ userId, enabled }: { userId: string; enabled: boolean }) =>
      api.post<MemberView>(`${memberPath(userId)}/${enabled ? 'enable' : 'disable'}`),
    onSuccess: invalidate,
  });
}

export function useDeleteMember() {
  const invalidate = useInvalidateDirectory();
  return useMutation({
    mutationFn: (userId: string) => api.delete<Ok>(memberPath(userId)),
    onSuccess: invalidate,
  });
}

/** Issues a new invitation link for a member; the dialog shows a refusal itself. */
export function useCreateInvite() {
  return useMutation({
    meta: { silent: true },
    mutationFn: (userId: string) => api.post<MemberInvite>(`${memberPath(userId)}/invite`),
  });
}

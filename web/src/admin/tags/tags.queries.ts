import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ok, TagDetail, TagList, TagMembersChange, TagView } from '@enclave/contracts';
import { api } from '../api';

export type { TagDetail } from '@enclave/contracts';

/** A tag as the console lists it. */
export type Tag = TagView;

export interface TagMembersInput {
  userIds: string[];
  departmentIds: number[];
}

const keys = {
  tags: ['tags'] as const,
  tag: (id: number) => ['tags', id] as const,
};

export function useTags() {
  return useQuery({ queryKey: keys.tags, queryFn: () => api.get<TagList>('/api/admin/tags') });
}

export function useTag(id: number | null) {
  return useQuery({
    queryKey: keys.tag(id ?? 0),
    enabled: id !== null,
    queryFn: () => api.get<TagDetail>(`/api/admin/tags/${id}`),
  });
}

function useInvalidateTags() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: keys.tags });
}

export function useCreateTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: (name: string) => api.post<TagView>('/api/admin/tags', { name }),
    onSuccess: invalidate,
  });
}

export function useRenameTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => api.patch<TagView>(`/api/admin/tags/${id}`, { name }),
    onSuccess: invalidate,
  });
}

export function useDeleteTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<Ok>(`/api/admin/tags/${id}`),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: keys.tag(id) });
      return queryClient.invalidateQueries({ queryKey: keys.tags, exact: true });
    },
  });
}

export function useAddTagMembers(id: number) {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: (input: TagMembersInput) => api.post<TagMembersChange>(`/api/admin/tags/${id}/members`, input),
    onSuccess: invalidate,
  });
}

export function useRemoveTagMembers(id: number) {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: (input: TagMembersInput) => api.post<TagMembersChange>(`/api/admin/tags/${id}/members/remove`, input),
    onSuccess: invalidate,
  });
}

import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { DepartmentList, MemberCard, MemberCardList, MemberCardPage } from '@enclave/contracts';
import { api } from '../api';

export type { DepartmentWithCount as Department, MemberCard } from '@enclave/contracts';

const PAGE = 50;

export function useDepartments() {
  return useQuery({
    queryKey: ['member', 'departments'],
    queryFn: () => api.get<DepartmentList>('/api/client/departments'),
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}

export function useDepartmentMembers(departmentId: number) {
  return useInfiniteQuery({
    queryKey: ['member', 'department-members', departmentId],
    queryFn: ({ pageParam }) =>
      api.get<MemberCardPage>(`/api/client/departments/${departmentId}/members`, {
        limit: PAGE,
        offset: pageParam,
      }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
    meta: { silent: true },
  });
}

export function useMemberSearch(q: string) {
  return useQuery({
    queryKey: ['member', 'search', q],
    queryFn: () => api.get<MemberCardList>('/api/client/members/search', { q }).then((r) => r.items),
    enabled: q.trim() !== '',
    placeholderData: keepPreviousData,
    meta: { silent: true },
  });
}

export function useMemberCard(userId: string | null) {
  return useQuery({
    queryKey: ['member', 'card', userId],
    queryFn: () => api.get<MemberCard>(`/api/client/members/${encodeURIComponent(userId ?? '')}`),
    enabled: userId !== null && userId !== '',
    staleTime: 5 * 60_000,
    meta: { silent: true },
  });
}

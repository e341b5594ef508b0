import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Empty, FailedJobList } from '@enclave/contracts';
import { api } from '../api';

export type { FailedJob } from '@enclave/contracts';

const failedJobsKey = ['jobs', 'failed'] as const;

/** The org's failed background jobs, polled every 10 s. */
export function useFailedJobs() {
  return useQuery({
    queryKey: failedJobsKey,
    queryFn: () => api.get<FailedJobList>('/api/admin/jobs', { status: 'failed' }),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Empty>(`/api/admin/jobs/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: failedJobsKey }),
  });
}

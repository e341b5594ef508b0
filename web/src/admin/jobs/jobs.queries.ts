import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export interface FailedJob {
  id: string;
  type: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

const failedJobsKey = ['jobs', 'failed'] as const;

/** The org's failed background jobs, polled every 10 s. */
export function useFailedJobs() {
  return useQuery({
    queryKey: failedJobsKey,
    queryFn: () => api.get<{ items: FailedJob[] }>('/api/admin/jobs', { status: 'failed' }),
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`/api/admin/jobs/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: failedJobsKey }),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportJob, ImportStarted, ImportStatus } from '@enclave/contracts';
import { api } from '../api';

export type { ImportJob, ImportStatus, ImportSummary, MemberImportFailure } from '@enclave/contracts';

export type ImportMode = 'sync' | 'replace';
const POLL_MS = 500;

export function isFinished(status: ImportStatus | undefined): boolean {
  return status === 'done' || status === 'failed';
}

/** Uploads the CSV; `mode` goes before `file` so the server can read it before streaming the file. */
export function useStartImport() {
  return useMutation({
    mutationFn: ({ mode, file }: { mode: ImportMode; file: File }) => {
      const form = new FormData();
      form.append('mode', mode);
      form.append('file', file, file.name);
      return api.upload<ImportStarted>('/api/admin/imports', form);
    },
  });
}

/** Polls the job every 500 ms until it is done or failed, then refreshes the directory. */
export function useImportJob(jobId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['imports', jobId],
    enabled: jobId !== null,
    queryFn: async () => {
      const job = await api.get<ImportJob>(`/api/admin/imports/${encodeURIComponent(jobId ?? '')}`);
      if (isFinished(job.status)) {
        void queryClient.invalidateQueries({ queryKey: ['members'] });
        void queryClient.invalidateQueries({ queryKey: ['departments'] });
      }
      return job;
    },
    refetchInterval: (query) => (isFinished(query.state.data?.status) ? false : POLL_MS),
    staleTime: 0,
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';

export type ImportMode = 'sync' | 'replace';
export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
}

/** A row that failed: `code` is the error's (translated by describeErrorCode), `field` the column it names. */
export interface ImportReportRow {
  row: number;
  userId: string;
  field?: string;
  code: string;
  /** The server's English, for the console log only. */
  message: string;
}

export interface ImportJob {
  jobId: string;
  status: ImportStatus;
  total: number;
  processed: number;
  percentage: number;
  /** Why the whole file was refused (unreadable CSV, delete protection); such a job may still read `done`. */
  error: { code: string; message: string } | null;
  summary: ImportSummary | null;
  report: ImportReportRow[];
}

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
      return api.upload<{ jobId: string }>('/api/admin/imports', form);
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

import { z } from 'zod';
import { Count, Id } from './common.js';

/** CSV imports of the directory (`/api/admin/imports`), run as jobs the console polls. */

export const ImportStatus = z.enum(['queued', 'running', 'done', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** WeCom's batch job types: add and update members, also delete the unlisted, replace the department tree. */
export const ImportType = z.enum(['sync_user', 'replace_user', 'replace_party']);
export type ImportType = z.infer<typeof ImportType>;

/** How many rows of a member import ended each way. */
export const ImportSummary = z.strictObject({
  created: Count,
  updated: Count,
  unchanged: Count,
  deleted: Count,
  failed: Count,
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** A member row that failed: `code` is the error's (the web translates it), `field` the column it names. */
export const MemberImportFailure = z.strictObject({
  /** Line in the file (the header is line 1). */
  row: z.number().int(),
  userId: z.string(),
  action: z.literal('failed'),
  code: z.string(),
  field: z.string().optional(),
  /** The server's English, for logs. */
  message: z.string(),
});
export type MemberImportFailure = z.infer<typeof MemberImportFailure>;

/** A department of a tree replacement that failed; `action` is WeCom's number for what was tried. */
export const DepartmentImportFailure = z.strictObject({
  partyId: Id,
  action: z.number().int(),
  code: z.string(),
  message: z.string().optional(),
});
export type DepartmentImportFailure = z.infer<typeof DepartmentImportFailure>;

export const ImportReportRow = z.union([MemberImportFailure, DepartmentImportFailure]);
export type ImportReportRow = z.infer<typeof ImportReportRow>;

/** `POST /api/admin/imports` */
export const ImportStarted = z.strictObject({ jobId: z.string() });
export type ImportStarted = z.infer<typeof ImportStarted>;

/** `GET /api/admin/imports/:jobId` */
export const ImportJob = z.strictObject({
  jobId: z.string(),
  type: ImportType,
  status: ImportStatus,
  total: Count,
  processed: Count,
  percentage: z.number().int().min(0).max(100),
  /** Why the whole file was refused (unreadable CSV, delete protection); such a job may still read `done`. */
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  /** A member import's counts once it is done; null before, and for a department import. */
  summary: ImportSummary.nullable(),
  /** The rows that failed. */
  report: z.array(ImportReportRow),
});
export type ImportJob = z.infer<typeof ImportJob>;

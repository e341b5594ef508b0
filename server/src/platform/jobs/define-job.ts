import type { z } from 'zod';
import type { Queryable } from '../db/database.js';
import { type EnqueueOptions, enqueueJob, type JobRow, type JobRun } from './jobs.js';
import type { JobRunner } from './job-runner.js';

/** Where a job's input carries the version of its definition (inputs written before versions carry none: 1). */
const VERSION_KEY = '$v';

/**
 * A kind of job, declared once by the module that runs it (issue 11): its type, the schema of its input and
 * the input's version. `enqueue` checks the input and stamps the version; the handler registered with
 * `handle` receives the parsed input — never `input as …`. A job queued by a newer release (a higher version)
 * fails with a clear error rather than being run by code that does not know its input.
 */
export type JobDefinition<T> = {
  readonly type: string;
  readonly version: number;
  enqueue(db: Queryable, orgId: number, input: T, options?: EnqueueOptions): Promise<string>;
  handle(runner: JobRunner, handler: (run: Omit<JobRun, 'input'> & { input: T }) => Promise<unknown>): void;
  /** The input of a stored job of this kind (the console's view of an import). */
  inputOf(job: Pick<JobRow, 'type' | 'input'>): T | undefined;
};

export function defineJob<S extends z.ZodType>(
  type: string,
  options: { version: number; input: S },
): JobDefinition<z.output<S>> {
  const { version, input: schema } = options;
  const parse = (stored: unknown): z.output<S> => {
    const record = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
    const { [VERSION_KEY]: written = 1, ...input } = record;
    if (typeof written !== 'number' || written > version) {
      throw new Error(`${type} job input is version ${String(written)}; this release runs up to ${version}`);
    }
    return schema.parse(input);
  };
  return {
    type,
    version,
    enqueue: async (db, orgId, input, enqueueOptions) =>
      enqueueJob(db, orgId, type, { ...(schema.parse(input) as object), [VERSION_KEY]: version }, enqueueOptions),
    handle: (runner, handler) => runner.register(type, (run) => handler({ ...run, input: parse(run.input) })),
    inputOf: (job) => (job.type === type ? parse(job.input) : undefined),
  };
}

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { z } from 'zod';
import { runRescale } from '../../ops/index.ts';
import type { RescaleJob } from '../api/types.ts';
import { appendProgress, type RescaleJobStore } from './rescale-job-store.ts';

/** The asynchronous self-invocation that runs one rescale job (`InvocationType: Event`). */
export const rescaleWorkerEvent = z.object({
  kind: z.literal('sluice-console-rescale'),
  jobId: z.string().regex(/^[0-9a-f]{12}$/),
});
export type RescaleWorkerEvent = z.infer<typeof rescaleWorkerEvent>;

export interface RunJobOptions {
  readonly store: RescaleJobStore;
  readonly clients: { readonly dynamo: DynamoDBClient; readonly kinesis: KinesisClient };
  readonly jobId: string;
  /** How often the worker polls the stream and saves progress. @default 1000 */
  readonly pollMs?: number;
}

/**
 * Runs a stored rescale job with the shared executor (ops/rescale/run-rescale.ts), saving its
 * progress to the job item, then releases the stream's lock. Never throws for a failed rescale:
 * the error goes into the job (an asynchronous invocation that throws would only be logged).
 * A second delivery of the same event finds the job claimed and does nothing.
 */
export async function runRescaleJob(opts: RunJobOptions): Promise<RescaleJob | undefined> {
  const stored = await opts.store.get(opts.jobId);
  if (!(await opts.store.claim(opts.jobId))) return undefined;
  let job: RescaleJob = stored.job;
  let saving = Promise.resolve();
  const save = (next: RescaleJob) => {
    job = next;
    // serialized, so a slow write never lands after a later one
    saving = saving.then(() => opts.store.save(next)).catch(() => undefined);
  };
  try {
    await runRescale({
      ...opts.clients,
      table: stored.table,
      stageId: job.stage,
      stream: job.stream,
      target: stored.target,
      by: 'console',
      pollMs: opts.pollMs ?? 1000,
      onProgress: (p) => save({ ...job, progress: appendProgress(job.progress, p) }),
    });
    await saving;
    job = { ...job, finished: true };
  } catch (err) {
    await saving;
    const e = err as { code?: unknown; message?: unknown };
    job = {
      ...job,
      finished: true,
      error: {
        code: typeof e.code === 'string' ? e.code : 'RESCALE_FAILED',
        message: String(e.message ?? err),
      },
    };
  }
  try {
    await opts.store.save(job);
  } finally {
    await opts.store.unlock(job.stream, job.id).catch(() => undefined);
  }
  return job;
}

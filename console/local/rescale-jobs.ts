import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { runRescale } from '../../ops/index.ts';
import type { RescaleJob } from '../api/types.ts';
import { ConsoleError } from '../errors.ts';

type MutableJob = { -readonly [K in keyof RescaleJob]: RescaleJob[K] } & {
  progress: RescaleJob['progress'][number][];
};

/** Rescales started from the console, run in the background; the UI polls their progress. */
export class RescaleJobs {
  private readonly jobs = new Map<string, MutableJob>();
  /** One rescale per stream at a time. */
  private readonly busy = new Set<string>();

  constructor(private readonly clients: { dynamo: DynamoDBClient; kinesis: KinesisClient }) {}

  start(opts: {
    pipeline: string;
    stage: string;
    table: string;
    stream: string;
    target: number;
    polledShards?: () => ReadonlySet<string> | undefined;
  }): RescaleJob {
    if (this.busy.has(opts.stream)) {
      throw new ConsoleError('BAD_REQUEST', 409, `a rescale of ${opts.stream} is already running`);
    }
    const job: MutableJob = {
      id: randomBytes(6).toString('hex'),
      pipeline: opts.pipeline,
      stage: opts.stage,
      stream: opts.stream,
      progress: [],
      error: null,
      finished: false,
    };
    this.jobs.set(job.id, job);
    this.busy.add(opts.stream);
    runRescale({
      ...this.clients,
      table: opts.table,
      stageId: opts.stage,
      stream: opts.stream,
      target: opts.target,
      by: 'console',
      ...(opts.polledShards ? { polledShards: opts.polledShards } : {}),
      onProgress: (p) => {
        job.progress.push(p);
        if (job.progress.length > 200) job.progress.splice(1, job.progress.length - 200);
      },
    })
      .catch((err: unknown) => {
        const e = err as { code?: string; message?: string };
        job.error = { code: e.code ?? 'RESCALE_FAILED', message: e.message ?? String(err) };
      })
      .finally(() => {
        job.finished = true;
        this.busy.delete(opts.stream);
      });
    return job;
  }

  get(id: string): RescaleJob {
    const job = this.jobs.get(id);
    if (!job) throw new ConsoleError('NOT_FOUND', 404, `no rescale job ${id}`);
    return job;
  }
}

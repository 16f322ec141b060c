import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import { type DeadLetter, listDeadLetters } from '../../functions/index.ts';
import {
  findStage,
  type PipelineRef,
  type PipelineStatus,
  planFor,
  readPipelineStatus,
  replayDeadLetters,
  type StageRef,
  stagesOf,
} from '../../ops/index.ts';
import type { CreateBody } from '../api/schemas.ts';
import { stageViews } from '../api/stage-views.ts';
import type {
  ConsoleBackend,
  PipelineDetail,
  PipelineListItem,
  ReplayResult,
  RescaleJob,
} from '../api/types.ts';
import { ConsoleError } from '../errors.ts';
import { PipelineSeries, type StageLive } from '../metrics/sampler.ts';
import type { UserStreamAccess } from './cloud-env.ts';
import { RescaleJobStore } from './rescale-job-store.ts';
import type { RescaleWorkerEvent } from './rescale-worker.ts';

export interface CloudBackendOptions {
  /** The one pipeline this console serves (its stack's spec.json). */
  readonly spec: PipelineSpec;
  readonly table: string;
  readonly userStreams: UserStreamAccess;
  /** The console function's timeout: it bounds a rescale job. */
  readonly timeoutMs: number;
  readonly clients: {
    readonly dynamo: DynamoDBClient;
    readonly kinesis: KinesisClient;
    readonly lambda: LambdaClient;
  };
  /** Starts a rescale job's worker: an asynchronous invocation of the console function. */
  readonly startWorker: (event: RescaleWorkerEvent) => Promise<void>;
  readonly now?: () => number;
}

/** Shown on the pipeline page: which numbers the cloud console does not have, and why. */
export const CLOUD_METRICS_NOTE =
  'in the cloud the console reads no CloudWatch metrics: concurrency, invocation errors, iterator age ' +
  'and durations are not shown (see the CloudWatch dashboard sluice-<pipeline>); rates are sampled ' +
  'while this page is open, by each warm instance of the console function';

const REFUSED =
  'this console runs in the cloud with the read-mostly IAM role of one pipeline stack; %s is a deploy, ' +
  "which belongs to the CDK stack: run 'sluice deploy FILE.sql' (or cdk deploy), or use the local " +
  "console ('sluice dev FILE.sql')";

/**
 * The console's backend in the cloud: one pipeline (the stack it is deployed with), read with the
 * same readers as `sluice status` (checkpoints, ListShards, committed lag) and rescaled with the
 * same executor as `sluice rescale`, which runs in an asynchronous invocation of this function
 * (a Lambda freezes once it has answered). Create and Preview are refused: they deploy.
 */
export class CloudBackend implements ConsoleBackend {
  private readonly ref: PipelineRef;
  private readonly series = new PipelineSeries();
  private readonly jobs: RescaleJobStore;
  private sampling: Promise<PipelineStatus> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: CloudBackendOptions) {
    this.ref = {
      name: opts.spec.name,
      table: opts.table,
      spec: opts.spec,
      stages: stagesOf(opts.spec),
      createdAt: null,
    };
    this.jobs = new RescaleJobStore(opts.clients.dynamo, opts.table);
    this.now = opts.now ?? Date.now;
  }

  private requirePipeline(name: string): void {
    if (name !== this.ref.name) {
      throw new ConsoleError(
        'PIPELINE_NOT_FOUND',
        404,
        `no pipeline '${name}' here: this console serves pipeline '${this.ref.name}' (one console per stack)`,
      );
    }
  }

  /** A status snapshot, at most one read per 900 ms; each one is a sample of the charts. */
  private sample(): Promise<PipelineStatus> {
    const last = this.series.latest();
    if (last && this.now() - last.at < 900) return Promise.resolve(last);
    this.sampling ??= readPipelineStatus(this.opts.clients, this.ref, { now: this.now })
      .then((status) => {
        this.series.add(status, (id) => resourceNames.function(this.ref.name, id), undefined, undefined);
        return status;
      })
      .finally(() => {
        this.sampling = undefined;
      });
    return this.sampling;
  }

  async listPipelines(): Promise<PipelineListItem[]> {
    const status = await this.sample();
    return [
      {
        name: this.ref.name,
        state: status.state,
        stages: this.ref.stages.length,
        eventsPerSec: this.series.eventsPerSec(),
        lagMs: Math.max(0, ...status.stages.map((s) => this.series.liveOf(s.id)?.backpressureMs ?? 0)),
        createdAt: null,
      },
    ];
  }

  async pipeline(name: string): Promise<PipelineDetail> {
    this.requirePipeline(name);
    const status = await this.sample();
    const live: Record<string, StageLive> = {};
    for (const s of this.ref.stages) {
      const l = this.series.liveOf(s.id);
      if (l) live[s.id] = l;
    }
    return {
      name,
      sql: this.opts.spec.sql ?? null,
      stages: stageViews(this.ref.stages),
      status,
      live,
      emulatorStats: false,
      metricsNote: CLOUD_METRICS_NOTE,
      error: status.failure,
    };
  }

  /** The page polls this with the detail, each second: either call takes a sample (no timer runs). */
  async metrics(name: string, since: number) {
    this.requirePipeline(name);
    await this.sample();
    return this.series.series(since);
  }

  /** Dead letters, stage by stage (a Query per stage: the role may not Scan). */
  async deadLetters(name: string): Promise<DeadLetter[]> {
    this.requirePipeline(name);
    const out: DeadLetter[] = [];
    for (const s of this.ref.stages)
      out.push(...(await listDeadLetters(this.opts.clients.dynamo, this.ref.table, s.id)));
    return out;
  }

  async replayDeadLetters(name: string): Promise<ReplayResult> {
    this.requirePipeline(name);
    let replayed = 0;
    const skipped: { position: string; reason: string }[] = [];
    for (const stage of this.ref.stages) {
      if (stage.userStream && this.opts.userStreams === 'read') {
        for (const d of await listDeadLetters(this.opts.clients.dynamo, this.ref.table, stage.id)) {
          skipped.push({
            position: d.position,
            reason: d.replayedAt
              ? `already replayed at ${d.replayedAt}`
              : readOnlyReason(stage, 'replay into'),
          });
        }
        continue;
      }
      const out = await replayDeadLetters({
        ...this.opts.clients,
        pipeline: this.ref.name,
        spec: this.opts.spec,
        stage: stage.id,
      });
      replayed += out.replayed.length;
      skipped.push(...out.skipped.map((s) => ({ position: s.letter.position, reason: s.reason })));
    }
    return { replayed, skipped };
  }

  async createPipeline(_body: CreateBody): Promise<{ name: string }> {
    throw new ConsoleError('NOT_SUPPORTED', 501, `Create: ${REFUSED.replace('%s', 'creating a pipeline')}`);
  }

  async startPreview(_sql: string): Promise<{ id: string; pipeline: string }> {
    throw new ConsoleError('NOT_SUPPORTED', 501, `Preview: ${REFUSED.replace('%s', 'a preview')}`);
  }

  previewEvents(_id: string): AsyncIterable<{ event: string; data: string }> {
    throw new ConsoleError('PREVIEW_NOT_FOUND', 404, 'the cloud console runs no previews');
  }

  async stopPreview(_id: string): Promise<void> {
    throw new ConsoleError('PREVIEW_NOT_FOUND', 404, 'the cloud console runs no previews');
  }

  private writableStage(name: string, stageId: string): StageRef {
    this.requirePipeline(name);
    const stage = findStage(this.ref, stageId);
    if (stage.userStream && this.opts.userStreams === 'read') {
      throw new ConsoleError('NOT_SUPPORTED', 403, readOnlyReason(stage, 'rescale'));
    }
    return stage;
  }

  async planRescale(name: string, stageId: string, target: number) {
    const stage = this.writableStage(name, stageId);
    const { plan, allowance } = await planFor({
      ...this.opts.clients,
      table: this.ref.table,
      stream: stage.inputStream,
      target,
      now: this.now,
    });
    return { plan, allowance };
  }

  async startRescale(name: string, stageId: string, target: number): Promise<RescaleJob> {
    const stage = this.writableStage(name, stageId);
    // Fail fast (limit, bad target, on-demand stream) before answering 202.
    await planFor({ ...this.opts.clients, table: this.ref.table, stream: stage.inputStream, target });
    const id = randomBytes(6).toString('hex');
    const ttl = this.opts.timeoutMs + 60_000;
    await this.jobs.lock(stage.inputStream, id, ttl, this.now());
    const job: RescaleJob = {
      id,
      pipeline: name,
      stage: stageId,
      stream: stage.inputStream,
      progress: [],
      error: null,
      finished: false,
    };
    try {
      await this.jobs.create(job, target, this.now() + ttl);
      await this.opts.startWorker({ kind: 'sluice-console-rescale', jobId: id });
    } catch (err) {
      await this.jobs.unlock(stage.inputStream, id).catch(() => undefined);
      throw err;
    }
    return job;
  }

  async rescaleJob(id: string): Promise<RescaleJob> {
    if (!/^[0-9a-f]{12}$/.test(id)) throw new ConsoleError('NOT_FOUND', 404, `no rescale job ${id}`);
    const stored = await this.jobs.get(id);
    if (stored.job.finished || this.now() <= stored.deadline) return stored.job;
    return {
      ...stored.job,
      finished: true,
      error: {
        code: 'RESCALE_FAILED',
        message:
          'the rescale worker did not finish within the console function timeout; the stream may be ' +
          "part-way through the plan: check it with 'sluice status' and the function's log",
      },
    };
  }
}

function readOnlyReason(stage: StageRef, what: string): string {
  return (
    `stage ${stage.id} reads your own stream '${stage.inputStream}', which this console may only read; ` +
    `to let it ${what} your stream, deploy with --console-user-streams write ` +
    '(cdk: -c consoleUserStreams=write)'
  );
}

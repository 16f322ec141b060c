import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { compile, isPreviewSink, SqlError } from '../../compiler/index.ts';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { resourceNames } from '../../compiler/spec/index.ts';
import { listDeadLetters, makeDynamo, makeKinesis, makeLambda } from '../../functions/index.ts';
import type { LambdaEmulator } from '../../localstack/index.ts';
import {
  findStage,
  listPipelineNames,
  loadPipelineRef,
  type PipelineRef,
  planFor,
  readPipelineStatus,
  replayDeadLetters,
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
import type { InvocationTimer } from '../metrics/invocation-timer.ts';
import { PipelineSeries, type StageLive } from '../metrics/sampler.ts';
import { PipelineRun, previewName } from './pipeline-runs.ts';
import { RescaleJobs } from './rescale-jobs.ts';

export interface LocalBackendOptions {
  readonly endpoint: string;
  /** The in-process emulator, for ESM stats (backpressure, concurrency, errors). */
  readonly emulator?: LambdaEmulator | undefined;
  /** Invocation durations (p50/p99), when the stack was started with it as its fault seam. */
  readonly timer?: InvocationTimer | undefined;
  /** Build output of pipelines this console deploys. */
  readonly workDir: string;
  /** Relative `path` options in SQL from the editor resolve against this folder. */
  readonly baseDir: string;
  readonly sampleMs?: number;
  readonly log?: (line: string) => void;
}

/** The console's backend on the embedded local stack: everything in this process. */
export class LocalBackend implements ConsoleBackend {
  readonly clients: { dynamo: DynamoDBClient; kinesis: KinesisClient; lambda: LambdaClient };
  private readonly series = new Map<string, PipelineSeries>();
  private readonly refs = new Map<string, { ref: PipelineRef; at: number }>();
  private readonly runs = new Map<string, PipelineRun>();
  private readonly previews = new Map<string, PipelineRun>();
  private readonly jobs: RescaleJobs;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: LocalBackendOptions) {
    this.clients = {
      dynamo: makeDynamo({ endpoint: opts.endpoint }),
      kinesis: makeKinesis({ endpoint: opts.endpoint }),
      lambda: makeLambda({ endpoint: opts.endpoint }),
    };
    this.jobs = new RescaleJobs(this.clients);
  }

  /** Starts sampling every pipeline on the stack once per `sampleMs`. */
  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      this.ticking = this.tick().catch((err: unknown) =>
        this.opts.log?.(`sampler: ${(err as Error).message}`),
      );
      await this.ticking;
      if (!this.stopped) this.timer = setTimeout(loop, this.opts.sampleMs ?? 1000);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    for (const run of this.previews.values()) await run.stop(this.clients.lambda).catch(() => undefined);
  }

  /** Deploys and starts a compiled pipeline (used by `sluice dev` and Create). */
  async run(spec: PipelineSpec, onStep?: (s: string) => void): Promise<PipelineRun> {
    const run = new PipelineRun(spec, null);
    this.runs.set(spec.name, run);
    this.seedRef(spec);
    await run.start({
      endpoint: this.opts.endpoint,
      workDir: this.opts.workDir,
      ...(onStep ? { onStep } : {}),
    });
    return run;
  }

  /** Knows a pipeline's spec before its registry item exists (the sampler may see its table first). */
  private seedRef(spec: PipelineSpec): void {
    const ref: PipelineRef = {
      name: spec.name,
      table: resourceNames.table(spec.name),
      spec,
      stages: stagesOf(spec),
      createdAt: null,
    };
    this.refs.set(spec.name, { ref, at: Date.now() });
  }

  /** One sample of every pipeline: status, ESM stats, invocation durations. */
  async tick(): Promise<void> {
    const names = await listPipelineNames(this.clients.dynamo);
    const esm = this.opts.emulator?.stats();
    const durations = this.opts.timer?.drain();
    await Promise.all(
      names.map(async (name) => {
        const ref = await this.ref(name).catch(() => undefined);
        if (!ref || ref.stages.length === 0) return;
        const status = await readPipelineStatus(this.clients, ref);
        let series = this.series.get(name);
        if (!series) {
          series = new PipelineSeries();
          this.series.set(name, series);
        }
        series.add(status, (id) => resourceNames.function(name, id), esm, durations);
        const run = this.runs.get(name) ?? [...this.previews.values()].find((r) => r.spec.name === name);
        if (run) {
          await run.check();
          if (status.state === 'done' && run.session?.bounded) await run.finish();
        }
      }),
    );
  }

  private async ref(name: string): Promise<PipelineRef> {
    const hit = this.refs.get(name);
    if (hit && (hit.ref.spec !== null || Date.now() - hit.at < 5_000)) return hit.ref;
    const ref = await loadPipelineRef(this.clients, name);
    this.refs.set(name, { ref, at: Date.now() });
    return ref;
  }

  async listPipelines(): Promise<PipelineListItem[]> {
    const names = await listPipelineNames(this.clients.dynamo);
    const out: PipelineListItem[] = [];
    for (const name of names) {
      const series = this.series.get(name);
      const status = series?.latest();
      const run = this.runs.get(name);
      const ref = this.refs.get(name)?.ref;
      const lag = Math.max(
        0,
        ...(status?.stages ?? []).map((s) => series?.liveOf(s.id)?.backpressureMs ?? 0),
      );
      out.push({
        name,
        state:
          run && (run.state === 'starting' || run.state === 'failed')
            ? run.state
            : (status?.state ?? 'starting'),
        stages: ref?.stages.length ?? status?.stages.length ?? 0,
        eventsPerSec: series?.eventsPerSec() ?? 0,
        lagMs: lag,
        createdAt: ref?.createdAt ?? null,
      });
    }
    return out;
  }

  async pipeline(name: string): Promise<PipelineDetail> {
    const ref = await this.ref(name);
    const series = this.series.get(name);
    const status = series?.latest() ?? (await readPipelineStatus(this.clients, ref));
    const live: Record<string, StageLive> = {};
    for (const s of ref.stages) {
      const l = series?.liveOf(s.id);
      if (l) live[s.id] = l;
    }
    const run = this.runs.get(name);
    return {
      name,
      sql: ref.spec?.sql ?? null,
      stages: stageViews(ref.stages),
      status,
      live,
      emulatorStats: this.opts.emulator !== undefined,
      error: run?.error ?? status.failure,
    };
  }

  async metrics(name: string, since: number) {
    await this.ref(name);
    return this.series.get(name)?.series(since) ?? {};
  }

  async deadLetters(name: string) {
    const ref = await this.ref(name);
    return listDeadLetters(this.clients.dynamo, ref.table);
  }

  async replayDeadLetters(name: string): Promise<ReplayResult> {
    const ref = await this.ref(name);
    const out = await replayDeadLetters({
      ...this.clients,
      pipeline: ref.name,
      ...(ref.spec ? { spec: ref.spec } : {}),
    });
    return {
      replayed: out.replayed.length,
      skipped: out.skipped.map((s) => ({ position: s.letter.position, reason: s.reason })),
    };
  }

  private compileOrThrow(sql: string, name: string, parallelism: number): PipelineSpec {
    try {
      return compile(sql, { name, baseDir: this.opts.baseDir, parallelism });
    } catch (err) {
      if (err instanceof SqlError) {
        throw new ConsoleError('SQL_ERROR', 400, err.message, {
          code: err.code,
          diagnostics: err.diagnostics,
        });
      }
      throw err;
    }
  }

  async createPipeline(body: CreateBody): Promise<{ name: string }> {
    const existing = new Set(await listPipelineNames(this.clients.dynamo));
    let name = body.name;
    if (name === undefined) {
      let n = 1;
      while (existing.has(`pipeline-${n}`)) n++;
      name = `pipeline-${n}`;
    }
    if (existing.has(name) || this.runs.has(name)) {
      throw new ConsoleError(
        'PIPELINE_EXISTS',
        409,
        `a pipeline named '${name}' exists; choose another name`,
      );
    }
    const spec = this.compileOrThrow(body.sql, name, body.parallelism);
    await this.run(spec, (s) => this.opts.log?.(`[${name}] ${s}`));
    return { name };
  }

  async startPreview(sql: string): Promise<{ id: string; pipeline: string }> {
    const { id, name } = previewName();
    const spec = this.compileOrThrow(sql, name, 1);
    if (!spec.stages.some((s) => s.output.kind === 'sink' && isPreviewSink(s.output.sink))) {
      throw new ConsoleError(
        'PREVIEW_NEEDS_SELECT',
        400,
        'Preview runs a bare SELECT; this SQL writes to a sink (use Create)',
      );
    }
    const run = new PipelineRun(spec, id);
    this.previews.set(id, run);
    this.seedRef(spec);
    run.start({ endpoint: this.opts.endpoint, workDir: this.opts.workDir }).catch(() => undefined);
    return { id, pipeline: name };
  }

  previewEvents(id: string): AsyncIterable<{ event: string; data: string }> {
    const run = this.previews.get(id);
    if (!run?.preview) throw new ConsoleError('PREVIEW_NOT_FOUND', 404, `no preview ${id}`);
    return run.preview.follow();
  }

  async stopPreview(id: string): Promise<void> {
    const run = this.previews.get(id);
    if (!run) throw new ConsoleError('PREVIEW_NOT_FOUND', 404, `no preview ${id}`);
    await run.stop(this.clients.lambda);
  }

  async planRescale(name: string, stageId: string, target: number) {
    const ref = await this.ref(name);
    const stage = findStage(ref, stageId);
    const { plan, allowance } = await planFor({
      ...this.clients,
      table: ref.table,
      stream: stage.inputStream,
      target,
    });
    return { plan, allowance };
  }

  async startRescale(name: string, stageId: string, target: number): Promise<RescaleJob> {
    const ref = await this.ref(name);
    const stage = findStage(ref, stageId);
    // Fail fast (limit, bad target) before answering 202.
    await planFor({ ...this.clients, table: ref.table, stream: stage.inputStream, target });
    const emulator = this.opts.emulator;
    return this.jobs.start({
      pipeline: name,
      stage: stageId,
      table: ref.table,
      stream: stage.inputStream,
      target,
      ...(emulator
        ? {
            polledShards: () =>
              new Set(
                emulator
                  .stats()
                  .filter((m) => m.functionName === stage.functionName)
                  .flatMap((m) => m.shards.map((s) => s.shardId)),
              ),
          }
        : {}),
    });
  }

  rescaleJob(id: string): RescaleJob {
    return this.jobs.get(id);
  }

  /** Whether the pipeline's table exists (for tests and dev start-up). */
  async exists(name: string): Promise<boolean> {
    try {
      await this.clients.dynamo.send(new DescribeTableCommand({ TableName: resourceNames.table(name) }));
      return true;
    } catch {
      return false;
    }
  }
}

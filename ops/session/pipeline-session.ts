import { access } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  isPreviewSink,
  type PipelineSpec,
  resourceNames,
  type StageSpec,
  sinkTableOf,
  sourceDeclaration,
} from '../../compiler/spec/index.ts';
import {
  assembleFileSink,
  type IngestEnds,
  ingestFile,
  ingestPaceRate,
  listDeadLetters,
  localSinkFile,
  localSourceFile,
  makeDynamo,
  makeKinesis,
  makeLambda,
  makeS3,
  type ObjectStart,
  publishPendingSinks,
  reannounceIngestEos,
  s3SourceLines,
} from '../../functions/index.ts';
import type { deployAssembly } from '../../localstack/index.ts';
import { bundleHandler } from '../bundle/bundle-handler.ts';
import { applyFunctionEnv, type DeployTuning, tuningProps } from '../chaos/deploy-tuning.ts';
import { localSinkFinish, localSource } from '../connectors/local-facets.ts';
import { UsageError } from '../errors.ts';
import { PipelineMonitor, type PipelineProgress } from '../status/monitor.ts';
import { LocalClock } from './local-clock.ts';
import { PreviewTail } from './preview-tail.ts';
import { localizeS3Position, prepareS3Tables, readS3Sink } from './s3-tables.ts';

/** How often the local stack runs the clock function (the cloud schedule is rate(1 minute)). */
const LOCAL_CLOCK_MS = 1_000;
/** How often, after ingest ended, ingest shards without end-of-stream get the markers again. */
const REANNOUNCE_MS = 2_000;

/** A dead letter as the run's summary shows it. */
export interface DeadLetterInfo {
  readonly stage: string;
  readonly reason: string;
  readonly position?: string;
}

export interface SinkResult {
  readonly table: string;
  readonly path: string;
  readonly rows: number;
  /** filesystem sinks: the objects published. */
  readonly objects?: number;
}

export interface SessionOptions {
  readonly spec: PipelineSpec;
  /** The local stack's endpoint (or LocalStack's). */
  readonly endpoint: string;
  /** Where build output goes. */
  readonly workDir: string;
  readonly onStep?: (step: string) => void;
  /** Receives each preview row (bare SELECT) once. */
  readonly onPreviewRow?: (row: unknown) => void;
  /** An existing bundle of the stage handler to reuse. @default bundle with esbuild now */
  readonly bundleFile?: string;
  /** Deploy and ingest knobs of the fault-injection harness (`--chaos`). */
  readonly tuning?: DeployTuning;
}

/**
 * One pipeline deployed on a stack and running: deploy, feed file sources, watch committed
 * progress, and at the end assemble file sinks. Used by `sluice run` and the console.
 */
export class PipelineSession {
  readonly clients: { dynamo: DynamoDBClient; kinesis: KinesisClient; lambda: LambdaClient; s3: S3Client };
  readonly monitor: PipelineMonitor;
  /** Whether every source is bounded (files), so the pipeline ends by itself. */
  readonly bounded: boolean;
  ingested = 0;
  /** Every file/generator source has been fed completely (end-of-stream markers sent). */
  ingestDone = false;
  private readonly ingestEnds: { stageId: string; streamName: string; ends: IngestEnds }[] = [];
  private lastReannounce = 0;
  previewRows = 0;
  /** Stops the Kafka mock cluster the session started, if any. */
  stopKafka: () => Promise<void> = async () => undefined;
  /** Set when ingest started; the pipeline's running time is measured from here. */
  runningSince = 0;
  private ingestError: unknown;
  private ingest: Promise<unknown> = Promise.resolve();
  private preview: PreviewTail | undefined;
  private readonly clocks: LocalClock[] = [];
  /** filesystem sources: the object keys to ingest, in order, by stage id. */
  private s3SourceKeys = new Map<string, string[]>();
  /** filesystem sources: where each object starts in the source's line numbering (dead letters). */
  private readonly s3SourceStarts: { bucket: string; prefix: string; starts: ObjectStart[] }[] = [];
  /** Schedules in the assembly (the clock function's). */
  schedules: Awaited<ReturnType<typeof deployAssembly>>['schedules'] = [];
  /** Template resources the local stack does not emulate, with the reason. */
  notHonoured: Awaited<ReturnType<typeof deployAssembly>>['report'] = [];

  private constructor(readonly opts: SessionOptions) {
    const { spec, endpoint } = opts;
    this.clients = {
      dynamo: makeDynamo({ endpoint }),
      kinesis: makeKinesis({ endpoint }),
      lambda: makeLambda({ endpoint }),
      s3: makeS3({ endpoint }),
    };
    this.monitor = new PipelineMonitor(spec, this.clients.dynamo, this.clients.kinesis);
    this.bounded = spec.stages.every(
      (s) => s.input.kind !== 'source' || sourceDeclaration(s.input.source).bounded,
    );
  }

  get spec(): PipelineSpec {
    return this.opts.spec;
  }

  /** Deploys the pipeline and starts feeding its file sources. */
  static async start(given: SessionOptions): Promise<PipelineSession> {
    await checkSourceFiles(given.spec);
    // Kafka sources: the pipeline's brokers, or a mock cluster when none answers (kafka-peer.ts).
    const kafka = await (await import('../../localstack/index.ts')).kafkaPeerFor(given.spec, given.onStep);
    const opts = { ...given, spec: kafka.spec };
    const session = new PipelineSession(opts);
    session.stopKafka = () => kafka.stop();
    session.s3SourceKeys = await prepareS3Tables(opts.spec, session.clients.s3, opts.endpoint, (s) =>
      session.step(s),
    );
    await session.deploy();
    session.startPreview();
    session.startIngest();
    return session;
  }

  private step(message: string): void {
    this.opts.onStep?.(message);
  }

  /**
   * Synthesizes the pipeline's CDK cloud assembly, exactly as `sluice synth`/`cdk deploy` would
   * (target 'local' admits single_file), and deploys that assembly onto the stack: what runs
   * locally is what would deploy. What the stack cannot honour is reported, not ignored.
   */
  private async deploy(): Promise<void> {
    this.step('bundling the stage handler (esbuild)');
    const bundleFile =
      this.opts.bundleFile ?? (await bundleHandler(join(this.opts.workDir, 'build'), this.spec));
    this.step('synthesizing the cloud assembly (CDK)');
    // loaded here, not at the top: the CDK and the stack's deploy are heavy, and ops/index.ts
    // (which the console function bundles) must not pull them in
    const [{ synthPipeline }, { deployAssembly }] = await Promise.all([
      import('../../infra/index.ts'),
      import('../../localstack/index.ts'),
    ]);
    const synth = await synthPipeline({
      spec: this.spec,
      outDir: join(this.opts.workDir, 'cdk.out'),
      bundleFile,
      props: { target: 'local', ...(await tuningProps(this.opts.tuning)) },
      validate: false,
    });
    const deployed = await deployAssembly({
      assemblyDir: synth.assemblyDir,
      stackName: synth.stackName,
      endpoint: this.opts.endpoint,
      onStep: (s) => this.step(`create ${s}`),
    });
    await applyFunctionEnv(this.clients.lambda, deployed.functions, this.opts.tuning?.functionEnv);
    this.schedules = deployed.schedules;
    // The assembly's schedules (the clock function, I6). The local stack ticks every second rather
    // than at the rule's rate, so idle timeouts are honoured promptly; it is listed in notEmulated.
    const notes = [...deployed.report];
    for (const schedule of deployed.schedules) {
      const everyMs = Math.min(schedule.everyMs ?? LOCAL_CLOCK_MS, LOCAL_CLOCK_MS);
      for (const functionName of schedule.functionNames) {
        const clock = new LocalClock({
          lambda: this.clients.lambda,
          functionName,
          intervalMs: everyMs,
          onError: (err) =>
            this.step(`clock ${functionName}: ${err instanceof Error ? err.message : String(err)}`),
        });
        clock.start();
        this.clocks.push(clock);
      }
      notes.push({
        resource: `${schedule.rule}.ScheduleExpression`,
        type: 'AWS::Events::Rule',
        reason: `${schedule.expression} runs every ${everyMs} ms locally`,
      });
    }
    this.notHonoured = notes;
    const whole = notes.filter((r) => !r.resource.includes('.'));
    const settings = notes.filter((r) => r.resource.includes('.'));
    if (notes.length > 0) {
      const types = [...new Set(whole.map((r) => r.type.split('::').slice(1).join(' ')))].sort();
      const props = [...new Set(settings.map((r) => r.resource.slice(r.resource.indexOf('.') + 1)))].sort();
      this.step(
        `not emulated locally: ${whole.length} resources (${types.join(', ')}) and ${settings.length} settings ` +
          `(${props.join(', ')}); reasons in the --json summary (notEmulated)`,
      );
    }
  }

  private startPreview(): void {
    const stage = this.spec.stages.find((s) => s.output.kind === 'sink' && isPreviewSink(s.output.sink));
    if (stage?.output.kind !== 'sink' || !isPreviewSink(stage.output.sink)) return;
    const stream = resourceNames.stream(this.spec.name, stage.output.sink.stream);
    this.preview = new PreviewTail(this.clients.kinesis, stream, (row) => {
      this.previewRows++;
      this.opts.onPreviewRow?.(row);
    });
    this.preview.start();
  }

  private startIngest(): void {
    this.runningSince = Date.now();
    const { spec } = this;
    // A table read by several stages (a self-join) has one ingest stream: feed it once.
    const fed = new Set<string>();
    this.ingest = Promise.all(
      spec.stages.map(async (stage) => {
        if (stage.input.kind !== 'source' || sourceDeclaration(stage.input.source).feed !== 'ingest') return;
        if (fed.has(stage.input.stream)) return;
        fed.add(stage.input.stream);
        const source = stage.input.source;
        const lines = localSource(source).lines?.(source, {
          s3Lines: (bucket, prefix) => this.s3Lines(stage.id, bucket, prefix),
        });
        const eventRate = ingestPaceRate(source);
        const { ends } = await ingestFile({
          ...(lines !== undefined ? { lines } : {}),
          ...(eventRate !== undefined ? { pace: { eventRate } } : {}),
          spec,
          stageId: stage.id,
          kinesis: this.clients.kinesis,
          streamName: resourceNames.stream(spec.name, stage.input.stream),
          ...(this.opts.tuning?.ingestChunkBytes ? { chunkBytes: this.opts.tuning.ingestChunkBytes } : {}),
          onProgress: (lines: number) => {
            this.ingested += lines;
          },
        });
        this.ingestEnds.push({
          stageId: stage.id,
          streamName: resourceNames.stream(spec.name, stage.input.stream),
          ends,
        });
      }),
    ).then(
      () => {
        this.ingestDone = true;
      },
      (err: unknown) => {
        this.ingestError = err;
      },
    );
  }

  /** A filesystem source's lines, recording where each object starts. */
  private s3Lines(stageId: string, bucket: string, prefix: string): AsyncGenerator<string> {
    const starts: ObjectStart[] = [];
    this.s3SourceStarts.push({ bucket, prefix, starts });
    return s3SourceLines(this.clients.s3, bucket, this.s3SourceKeys.get(stageId) ?? [], starts);
  }

  /** Committed progress per stage; throws if ingest failed or a stage stopped the pipeline. */
  async poll(): Promise<PipelineProgress> {
    if (this.ingestError) throw this.ingestError;
    await this.reannounceIngestEos();
    return this.monitor.poll();
  }

  /** After ingest: end-of-stream again for ingest shards created by a reshard since (I5 × I6). */
  private async reannounceIngestEos(): Promise<void> {
    if (!this.ingestDone || Date.now() - this.lastReannounce < REANNOUNCE_MS) return;
    this.lastReannounce = Date.now();
    for (const e of this.ingestEnds) {
      try {
        await reannounceIngestEos({
          ...e,
          kinesis: this.clients.kinesis,
          dynamo: this.clients.dynamo,
          table: resourceNames.table(this.spec.name),
        });
      } catch {
        // transient (e.g. a stream being resharded); the next poll tries again
      }
    }
  }

  /** Assembles file sinks from committed parts and stops the preview tail. */
  async finish(): Promise<{ sinks: SinkResult[]; deadLetters: DeadLetterInfo[] }> {
    for (const clock of this.clocks.splice(0)) await clock.stop();
    await this.ingest;
    const sinks: SinkResult[] = [];
    const table = resourceNames.table(this.spec.name);
    // filesystem sinks: publish committed objects not yet published (as the clock would), read back.
    const { dynamo, s3 } = this.clients;
    const finish = (s: StageSpec) => (s.output.kind === 'sink' ? localSinkFinish(s.output.sink) : undefined);
    if (this.spec.stages.some((s) => finish(s) === 'objects')) {
      this.step('publishing filesystem sinks');
      await publishPendingSinks({ spec: this.spec, table, dynamo, s3 });
      for (const stage of this.spec.stages) {
        if (finish(stage) === 'objects') sinks.push(await readS3Sink(this.spec, stage, s3));
      }
    }
    for (const stage of this.spec.stages) {
      const file = stage.output.kind === 'sink' ? localSinkFile(stage.output.sink) : undefined;
      if (stage.output.kind !== 'sink' || file === undefined) continue;
      const sinkTable = sinkTableOf(stage.output.sink) ?? stage.id;
      this.step(`assembling sink ${sinkTable}`);
      const rows = await assembleFileSink({
        spec: this.spec,
        stageId: stage.id,
        dynamo: this.clients.dynamo,
        kinesis: this.clients.kinesis,
        table,
      });
      sinks.push({
        table: sinkTable,
        path: relative(process.cwd(), file),
        rows,
      });
    }
    await this.preview?.stop();
    await this.stopKafka();
    const deadLetters = (await listDeadLetters(this.clients.dynamo, table)).map((d) => ({
      ...d,
      position: localizeS3Position(d.position, this.s3SourceStarts),
    }));
    return { sinks, deadLetters };
  }
}

async function checkSourceFiles(spec: PipelineSpec): Promise<void> {
  for (const stage of spec.stages) {
    const path = stage.input.kind === 'source' ? localSourceFile(stage.input.source) : undefined;
    if (stage.input.kind !== 'source' || path === undefined) continue;
    const { table } = stage.input.source;
    try {
      await access(path);
    } catch {
      throw new UsageError(
        `source table '${table}' reads '${relative(process.cwd(), path)}', which does not exist. ` +
          `Fix the 'path' option (relative paths resolve against the SQL file's folder).`,
      );
    }
  }
}

import { access } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeLambda } from '../../functions/aws/clients.ts';
import { ingestFile } from '../../functions/connectors/file-ingest.ts';
import { assembleFileSink } from '../../functions/connectors/file-sink-assemble.ts';
import { listDeadLetters } from '../../functions/state/dead-letters.ts';
import { synthPipeline } from '../../infra/synth.ts';
import { deployAssembly } from '../../localstack/deploy-assembly.ts';
import { bundleHandler } from '../bundle-handler.ts';
import { UsageError } from '../errors.ts';
import { PipelineMonitor, type PipelineProgress } from '../monitor.ts';
import { PreviewTail } from '../preview-tail.ts';
import type { DeadLetterInfo } from '../summary.ts';

export interface SinkResult {
  readonly table: string;
  readonly path: string;
  readonly rows: number;
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
}

/**
 * One pipeline deployed on a stack and running: deploy, feed file sources, watch committed
 * progress, and at the end assemble file sinks. Used by `sluice run` and the console.
 */
export class PipelineSession {
  readonly clients: { dynamo: DynamoDBClient; kinesis: KinesisClient; lambda: LambdaClient };
  readonly monitor: PipelineMonitor;
  /** Whether every source is bounded (files), so the pipeline ends by itself. */
  readonly bounded: boolean;
  ingested = 0;
  previewRows = 0;
  /** Set when ingest started; the pipeline's running time is measured from here. */
  runningSince = 0;
  private ingestError: unknown;
  private ingest: Promise<unknown> = Promise.resolve();
  private preview: PreviewTail | undefined;
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
    };
    this.monitor = new PipelineMonitor(spec, this.clients.dynamo, this.clients.kinesis);
    this.bounded = spec.stages.every(
      (s) => s.input.kind !== 'source' || s.input.source.kind === 'single_file',
    );
  }

  get spec(): PipelineSpec {
    return this.opts.spec;
  }

  /** Deploys the pipeline and starts feeding its file sources. */
  static async start(opts: SessionOptions): Promise<PipelineSession> {
    await checkSourceFiles(opts.spec);
    const session = new PipelineSession(opts);
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
    const bundleFile = await bundleHandler(join(this.opts.workDir, 'build'));
    this.step('synthesizing the cloud assembly (CDK)');
    const synth = await synthPipeline({
      spec: this.spec,
      outDir: join(this.opts.workDir, 'cdk.out'),
      bundleFile,
      props: { target: 'local' },
      validate: false,
    });
    const deployed = await deployAssembly({
      assemblyDir: synth.assemblyDir,
      stackName: synth.stackName,
      endpoint: this.opts.endpoint,
      onStep: (s) => this.step(`create ${s}`),
    });
    this.schedules = deployed.schedules;
    this.notHonoured = deployed.report;
    const whole = deployed.report.filter((r) => !r.resource.includes('.'));
    const settings = deployed.report.filter((r) => r.resource.includes('.'));
    if (deployed.report.length > 0) {
      const types = [...new Set(whole.map((r) => r.type.split('::').slice(1).join(' ')))].sort();
      const props = [...new Set(settings.map((r) => r.resource.slice(r.resource.indexOf('.') + 1)))].sort();
      this.step(
        `not emulated locally: ${whole.length} resources (${types.join(', ')}) and ${settings.length} settings ` +
          `(${props.join(', ')}); reasons in the --json summary (notEmulated)`,
      );
    }
  }

  private startPreview(): void {
    const stage = this.spec.stages.find((s) => s.output.kind === 'sink' && s.output.sink.kind === 'preview');
    if (stage?.output.kind !== 'sink' || stage.output.sink.kind !== 'preview') return;
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
    this.ingest = Promise.all(
      spec.stages.map(async (stage) => {
        if (stage.input.kind !== 'source' || stage.input.source.kind !== 'single_file') return;
        await ingestFile({
          spec,
          stageId: stage.id,
          kinesis: this.clients.kinesis,
          streamName: resourceNames.stream(spec.name, stage.input.stream),
          onProgress: (lines: number) => {
            this.ingested += lines;
          },
        });
      }),
    ).catch((err: unknown) => {
      this.ingestError = err;
    });
  }

  /** Committed progress per stage; throws if ingest failed or a stage stopped the pipeline. */
  async poll(): Promise<PipelineProgress> {
    if (this.ingestError) throw this.ingestError;
    return this.monitor.poll();
  }

  /** Assembles file sinks from committed parts and stops the preview tail. */
  async finish(): Promise<{ sinks: SinkResult[]; deadLetters: DeadLetterInfo[] }> {
    await this.ingest;
    const sinks: SinkResult[] = [];
    const table = resourceNames.table(this.spec.name);
    for (const stage of this.spec.stages) {
      if (stage.output.kind !== 'sink' || stage.output.sink.kind !== 'single_file') continue;
      this.step(`assembling sink ${stage.output.sink.table}`);
      const rows = await assembleFileSink({
        spec: this.spec,
        stageId: stage.id,
        dynamo: this.clients.dynamo,
        kinesis: this.clients.kinesis,
        table,
      });
      sinks.push({
        table: stage.output.sink.table,
        path: relative(process.cwd(), stage.output.sink.path),
        rows,
      });
    }
    await this.preview?.stop();
    const deadLetters = await listDeadLetters(this.clients.dynamo, table);
    return { sinks, deadLetters };
  }
}

async function checkSourceFiles(spec: PipelineSpec): Promise<void> {
  for (const stage of spec.stages) {
    if (stage.input.kind !== 'source' || stage.input.source.kind !== 'single_file') continue;
    const { path, table } = stage.input.source;
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

import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeLambda } from '../../functions/aws/clients.ts';
import { ingestFile } from '../../functions/connectors/file-ingest.ts';
import { assembleFileSink } from '../../functions/connectors/file-sink-assemble.ts';
import { listDeadLetters } from '../../functions/state/dead-letters.ts';
import { startLocalStack } from '../../localstack/index.ts';
import { parseCommonArgs } from '../args.ts';
import { bundleHandler, handlerZip } from '../bundle-handler.ts';
import { deployLocal } from '../deploy-local.ts';
import { UsageError } from '../errors.ts';
import { loadPipeline } from '../load-pipeline.ts';
import { PipelineMonitor, type PipelineProgress } from '../monitor.ts';
import { PreviewTail } from '../preview-tail.ts';
import { ProgressView } from '../progress-view.ts';
import { buildSummary, formatSummary } from '../summary.ts';

/** Fails a run whose committed progress has not moved for this long. */
const STALL_MS = 120_000;

/** `sluice run FILE.sql`: compile, start the embedded local stack, deploy, run to completion. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parseCommonArgs('run', argv);
  const started = Date.now();
  const spec = await loadPipeline(args.file, args.parallelism);
  await checkSourceFiles(spec);
  const view = new ProgressView(args.json);
  const log = process.env.SLUICE_LOG ? (line: string) => process.stderr.write(`  | ${line}\n`) : undefined;

  view.step('starting the embedded local stack (DynamoDB Local, Kinesis, Lambda emulator)');
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-run-'));
  const stack = await startLocalStack({ port: args.port, dataDir, ...(log ? { log } : {}) }).catch(
    async (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      view.step(`port ${args.port} is busy; using a free port`);
      return startLocalStack({ port: 0, dataDir, ...(log ? { log } : {}) });
    },
  );
  const stopSignal = new AbortController();
  const onSigint = () => stopSignal.abort();
  process.once('SIGINT', onSigint);
  try {
    view.step(`local stack on ${stack.endpoint}`);
    const clients = {
      dynamo: makeDynamo({ endpoint: stack.endpoint }),
      kinesis: makeKinesis({ endpoint: stack.endpoint }),
      lambda: makeLambda({ endpoint: stack.endpoint }),
    };
    view.step('bundling the stage handler (esbuild)');
    const zip = await handlerZip(await bundleHandler(join(dataDir, 'build')), spec);
    await deployLocal({ spec, zip, ...clients, onStep: (s) => view.step(`create ${s}`) });

    const previewStage = spec.stages.find(
      (s) => s.output.kind === 'sink' && s.output.sink.kind === 'preview',
    );
    let previewRows = 0;
    const preview =
      previewStage?.output.kind === 'sink' && previewStage.output.sink.kind === 'preview'
        ? new PreviewTail(
            clients.kinesis,
            resourceNames.stream(spec.name, previewStage.output.sink.stream),
            (row) => {
              previewRows++;
              if (!args.json) process.stdout.write(`${JSON.stringify(row)}\n`);
            },
          )
        : undefined;
    preview?.start();

    let ingested = 0;
    let ingestError: unknown;
    const runningSince = Date.now();
    const fileStages = spec.stages.filter(
      (s) => s.input.kind === 'source' && s.input.source.kind === 'single_file',
    );
    const bounded = spec.stages.every(
      (s) => s.input.kind !== 'source' || s.input.source.kind === 'single_file',
    );
    view.step(
      bounded
        ? `running ${spec.stages.length} stage(s) at parallelism ${args.parallelism}`
        : 'running; unbounded source, press Ctrl-C to stop',
    );
    const ingest = Promise.all(
      fileStages.map(async (stage) => {
        if (stage.input.kind !== 'source') return;
        const result = await ingestFile({
          spec,
          stageId: stage.id,
          kinesis: clients.kinesis,
          streamName: resourceNames.stream(spec.name, stage.input.stream),
          onProgress: (lines: number) => {
            ingested += lines;
          },
        });
        return result;
      }),
    ).catch((err: unknown) => {
      ingestError = err;
    });

    const monitor = new PipelineMonitor(spec, clients.dynamo, clients.kinesis);
    let progress: PipelineProgress | undefined;
    let lastChange = Date.now();
    let lastKey = '';
    for (;;) {
      if (ingestError) throw ingestError;
      progress = await monitor.poll();
      view.progress(progress, ingested, Date.now() - started);
      const key = JSON.stringify(progress.stages) + ingested;
      if (key !== lastKey) {
        lastKey = key;
        lastChange = Date.now();
      }
      if (bounded && progress.done) break;
      if (stopSignal.signal.aborted) break;
      if (bounded && Date.now() - lastChange > STALL_MS) {
        throw new Error(
          `the pipeline made no progress for ${STALL_MS / 1000} s; run with SLUICE_LOG=1 to see the functions' logs`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const finishedAt = Date.now();
    await ingest;
    view.done();

    const sinks: { table: string; path: string; rows: number }[] = [];
    for (const stage of spec.stages) {
      if (stage.output.kind !== 'sink' || stage.output.sink.kind !== 'single_file') continue;
      view.step(`assembling sink ${stage.output.sink.table}`);
      const rows = await assembleFileSink({
        spec,
        stageId: stage.id,
        dynamo: clients.dynamo,
        kinesis: clients.kinesis,
        table: resourceNames.table(spec.name),
      });
      sinks.push({
        table: stage.output.sink.table,
        path: relative(process.cwd(), stage.output.sink.path),
        rows,
      });
    }
    await preview?.stop();
    const deadLetters = await listDeadLetters(clients.dynamo, resourceNames.table(spec.name));
    const summary = buildSummary({
      spec,
      progress,
      ingested,
      elapsedMs: Date.now() - started,
      runningMs: finishedAt - runningSince,
      sinks,
      previewRows,
      deadLetters,
      parallelism: args.parallelism,
      interrupted: stopSignal.signal.aborted,
    });
    process.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    if (args.keepState) process.stderr.write(`state kept in ${dataDir}\n`);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await stack.stop();
    if (!args.keepState) await rm(dataDir, { recursive: true, force: true });
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

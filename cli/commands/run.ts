import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PipelineProgress } from '../../ops/index.ts';
import { keepRunning, loadPipeline, PipelineSession, RunChaos, startStack } from '../../ops/index.ts';
import { parseCommonArgs } from '../args.ts';
import { ProgressView } from '../progress-view.ts';
import { buildSummary, formatSummary } from '../summary.ts';

/** Fails a bounded run whose committed progress has not moved for this long. */
const STALL_MS = 120_000;

/** `sluice run FILE.sql`: compile, start the embedded local stack, deploy, run to completion. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const args = parseCommonArgs('run', argv);
  const started = Date.now();
  const spec = await loadPipeline(args.file, args.parallelism, args.udfs);
  const view = new ProgressView(args.json);
  const log = process.env.SLUICE_LOG ? (line: string) => process.stderr.write(`  | ${line}\n`) : undefined;
  const chaos =
    args.chaos === undefined ? undefined : new RunChaos({ seed: args.chaos, only: args.chaosFaults });

  view.step('starting the embedded local stack (DynamoDB Local, Kinesis, Lambda emulator)');
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-run-'));
  const stack = await startStack({
    port: args.port,
    dataDir,
    ...(args.s3Dir ? { s3Dir: resolve(args.s3Dir) } : {}),
    onStep: (s) => view.step(s),
    ...(log ? { log } : {}),
    ...(chaos ? { faults: chaos.stackOptions() } : {}),
    meterUsage: true,
  });
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    view.step(`local stack on ${stack.endpoint}`);
    const session = await PipelineSession.start({
      spec,
      endpoint: stack.endpoint,
      workDir: dataDir,
      onStep: (s) => view.step(s),
      onPreviewRow: (row) => {
        if (!args.json) process.stdout.write(`${JSON.stringify(row)}\n`);
      },
      ...(chaos ? { tuning: chaos.tuning() } : {}),
    });
    view.step(
      session.bounded
        ? `running ${spec.stages.length} stage(s) at parallelism ${args.parallelism}`
        : 'running; unbounded source, press Ctrl-C to stop',
    );

    let progress: PipelineProgress | undefined;
    let lastKey = '';
    let lastChange = Date.now();
    for (;;) {
      progress = await session.poll();
      await chaos?.tick(spec, session.clients.kinesis, progress);
      view.progress(progress, session.ingested, Date.now() - started);
      const key = JSON.stringify(progress.stages) + session.ingested;
      if (key !== lastKey) {
        lastKey = key;
        lastChange = Date.now();
      }
      if ((session.bounded && progress.done) || interrupt.signal.aborted) break;
      if (session.bounded && Date.now() - lastChange > STALL_MS) {
        throw new Error(
          `the pipeline made no progress for ${STALL_MS / 1000} s; run with SLUICE_LOG=1 to see the functions' logs`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const finishedAt = Date.now();
    view.done();
    const { sinks, deadLetters } = await session.finish();
    const summary = buildSummary({
      spec,
      progress,
      ingested: session.ingested,
      elapsedMs: Date.now() - started,
      runningMs: finishedAt - session.runningSince,
      sinks,
      previewRows: session.previewRows,
      deadLetters,
      parallelism: args.parallelism,
      interrupted: interrupt.signal.aborted,
      notEmulated: session.notHonoured,
      usage: stack.usage(),
      ...(chaos ? { chaos: await chaos.report(spec, session.clients.dynamo) } : {}),
    });
    process.stdout.write(args.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    if (args.keepState) process.stderr.write(`state kept in ${dataDir}\n`);
    if (args.keepRunning) await keepRunning(session, args.file, stack.endpoint, interrupt.signal);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await stack.stop();
    if (!args.keepState) await rm(dataDir, { recursive: true, force: true });
  }
}

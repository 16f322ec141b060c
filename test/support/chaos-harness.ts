import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import { compile } from '../../compiler/index.ts';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import {
  type ChaosSettings,
  chaosEnv,
  GATEWAY_FAULTS,
  RESHARD_FAULTS,
} from '../../functions/chaos/chaos-config.ts';
import { countsByKind, readChaosCounts } from '../../functions/chaos/chaos-counters.ts';
import { LocalChaos } from '../../localstack/chaos/local-chaos.ts';
import { type LocalStack, startLocalStack } from '../../localstack/index.ts';
import { bundleHandler } from '../../ops/bundle/bundle-handler.ts';
import { ReshardDriver } from '../../ops/chaos/reshard-driver.ts';
import { CHAOS_TUNING, type ChaosReport, chaosReport } from '../../ops/chaos/run-chaos.ts';
import { PipelineSession } from '../../ops/session/pipeline-session.ts';
import type { PipelineProgress } from '../../ops/status/monitor.ts';

/**
 * One embedded local stack with the chaos injectors installed, reused by many pipelines (a new
 * pipeline name per schedule), and one handler bundle reused by every deploy.
 */
export interface ChaosStack {
  readonly stack: LocalStack;
  readonly chaos: LocalChaos;
  readonly bundleFile: string;
  readonly workDir: string;
  stop(): Promise<void>;
}

export async function startChaosStack(): Promise<ChaosStack> {
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-chaos-test-'));
  const chaos = new LocalChaos();
  const stack = await startLocalStack({
    port: 0,
    dataDir: join(workDir, 'stack'),
    faults: chaos.faults,
    gatewayFaults: chaos.gatewayFaults,
    ...(process.env.SLUICE_LOG ? { log: (l: string) => process.stderr.write(`  | ${l}\n`) } : {}),
  });
  const bundleFile = await bundleHandler(join(workDir, 'build'));
  return {
    stack,
    chaos,
    bundleFile,
    workDir,
    stop: async () => {
      await stack.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

export interface PipelineRun {
  readonly spec: PipelineSpec;
  readonly session: PipelineSession;
  /** Rows of every single_file sink, by sink table. */
  readonly sinks: Record<string, Record<string, unknown>[]>;
  readonly progress: PipelineProgress;
  readonly report: ChaosReport;
  readonly deadLetters: number;
}

export interface RunOptions {
  readonly name: string;
  /** The SQL; `path` options resolve against the run's own folder. */
  readonly sql: string;
  /** Input files (name → JSON lines) written next to the SQL. */
  readonly inputs: Readonly<Record<string, readonly string[]>>;
  readonly parallelism: number;
  /** The schedule; undefined runs without faults (still with the chaos tuning). */
  readonly settings: ChaosSettings | undefined;
  /** Bytes per ingest record. @default 512, so tiny inputs make several records */
  readonly chunkBytes?: number;
  /** Keep the functions after the run (e.g. to replay dead letters). */
  readonly keep?: boolean;
  /** Gives up (throws) when committed progress stands still this long; not a timing assertion. */
  readonly stallMs?: number;
  /** Reshard internal streams mid-run (as `--chaos` does). */
  readonly reshard?: boolean;
}

/**
 * Deploys a pipeline onto the shared stack through the real deploy path (synth → deployAssembly,
 * the chaos tuning and seams' environment), feeds its inputs, waits until every sink committed
 * end-of-stream, assembles sinks, and reads what the schedule injected.
 */
export async function runPipeline(env: ChaosStack, opts: RunOptions): Promise<PipelineRun> {
  const dir = join(env.workDir, opts.name);
  await mkdir(dir, { recursive: true });
  for (const [file, lines] of Object.entries(opts.inputs))
    await writeFile(join(dir, file), `${lines.join('\n')}\n`);
  const spec = compile(opts.sql, { name: opts.name, baseDir: dir, parallelism: opts.parallelism });
  env.chaos.configure(opts.settings);
  const session = await PipelineSession.start({
    spec,
    endpoint: env.stack.endpoint,
    workDir: dir,
    bundleFile: env.bundleFile,
    tuning: {
      ...CHAOS_TUNING,
      ingestChunkBytes: opts.chunkBytes ?? 512,
      ...(opts.settings ? { functionEnv: chaosEnv(opts.settings) } : {}),
    },
  });
  const stallMs = opts.stallMs ?? 90_000;
  let progress: PipelineProgress;
  let last = '';
  let changed = Date.now();
  const reshards: Record<string, number> = {};
  const driver = opts.reshard
    ? new ReshardDriver(spec, session.clients.kinesis, opts.settings?.seed ?? 0, RESHARD_FAULTS, (k) => {
        reshards[k] = (reshards[k] ?? 0) + 1;
      })
    : undefined;
  for (;;) {
    progress = await session.poll();
    if (driver) {
      const current = progress;
      await driver.tick(
        new Set(
          current.stages
            .filter((st) => st.invocations > 0 && st.shardsDone < st.shards)
            .map((st) => st.stageId),
        ),
      );
    }
    const key = JSON.stringify(progress.stages) + session.ingested;
    if (key !== last) {
      last = key;
      changed = Date.now();
    }
    if (progress.done) break;
    if (Date.now() - changed > stallMs) {
      throw new Error(`pipeline ${opts.name} made no progress for ${stallMs} ms: ${key}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const { deadLetters } = await session.finish();
  const sinks: Record<string, Record<string, unknown>[]> = {};
  for (const stage of spec.stages) {
    if (stage.output.kind !== 'sink' || stage.output.sink.kind !== 'single_file') continue;
    const text = await readFile(stage.output.sink.path, 'utf8');
    sinks[stage.output.sink.table] = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  const counts = {
    ...env.chaos.counts.snapshot(),
    ...(await settledFunctionCounts(session, zombiesMayHang(opts.settings) ? 10_000 : 100_000)),
    ...reshards,
  };
  const report = chaosReport(opts.settings?.seed ?? 0, opts.reshard ?? false, counts);
  env.chaos.configure(undefined);
  if (!opts.keep) await removeFunctions(session);
  return { spec, session, sinks, progress, report, deadLetters: deadLetters.length };
}

/**
 * Whether an injected fault can end a zombie before it resolves (a gateway fault on its own emit or
 * commit). Without one, every zombie resolves (its retry commits, then its own commit is refused),
 * so the wait below is for that condition and its bound only names a stall: a short give-up would
 * turn a slow zombie on a loaded machine into a false 'zombie-refused ≠ zombie'.
 */
const zombiesMayHang = (settings: ChaosSettings | undefined): boolean =>
  settings !== undefined && GATEWAY_FAULTS.some((k) => settings.rates[k] > 0);

/**
 * The functions' fault counters once every zombie has resolved: a zombie wakes after its retry
 * committed and may still be emitting and committing (late) when the pipeline is already done.
 * A zombie that fails otherwise (another injected fault) never resolves; give up after `maxWaitMs`.
 */
async function settledFunctionCounts(
  session: PipelineSession,
  maxWaitMs: number,
): Promise<Record<string, number>> {
  const table = resourceNames.table(session.spec.name);
  const until = Date.now() + maxWaitMs;
  for (;;) {
    const c = countsByKind(await readChaosCounts(session.clients.dynamo, table));
    const resolved = (c['zombie-refused'] ?? 0) + (c['zombie-committed'] ?? 0);
    if (resolved >= (c.zombie ?? 0) || Date.now() > until) return c;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Deletes a pipeline's mappings and functions (stages and clock), so its pollers and workers stop. */
export async function removeFunctions(session: PipelineSession): Promise<void> {
  const { lambda } = session.clients;
  const prefix = `sluice-${session.spec.name}-`;
  const fns = (await lambda.send(new ListFunctionsCommand({}))).Functions ?? [];
  for (const fn of fns) {
    const name = fn.FunctionName ?? '';
    if (!name.startsWith(prefix)) continue;
    const mappings = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: name }));
    for (const m of mappings.EventSourceMappings ?? []) {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID }));
    }
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => undefined);
  }
}

import { formatResources, synthPipeline } from '../../infra/index.ts';
import { loadPipeline, UsageError } from '../../ops/index.ts';
import { oneSqlFile, parallelismOf, parseFlags, toInt } from '../args.ts';
import { ProgressView } from '../progress-view.ts';

/** Options shared by `sluice synth` and `sluice deploy`. */
export interface CloudArgs {
  readonly file: string;
  readonly out: string;
  readonly parallelism: number;
  readonly json: boolean;
  readonly target: 'aws' | 'local';
  readonly eventsPerSecond: number;
  readonly eventBytes: number;
  readonly yes: boolean;
  readonly dryRun: boolean;
  /** `--udf FILE.ts` (repeatable), besides the `udfs/` folder next to FILE.sql. */
  readonly udfs: readonly string[];
  /** `--console`: add the web console (an IAM-authenticated function URL) to the stack. */
  readonly console: boolean;
  /** `--console-user-streams read|write`: may the console rescale/replay into your own streams. */
  readonly consoleUserStreams: 'read' | 'write';
}

/** Parses `FILE.sql [--out DIR] [--parallelism N] [--json] …` for synth and deploy; throws UsageError. */
export function parseCloudArgs(command: 'synth' | 'deploy', argv: readonly string[]): CloudArgs {
  const parsed = parseFlags(argv, {
    out: { type: 'string', short: 'o' },
    parallelism: { type: 'string', short: 'p' },
    json: { type: 'boolean' },
    target: { type: 'string' },
    'events-per-second': { type: 'string' },
    'event-bytes': { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    'dry-run': { type: 'boolean' },
    udf: { type: 'string', multiple: true },
    console: { type: 'boolean' },
    'console-user-streams': { type: 'string' },
  });
  const file = oneSqlFile(command, parsed.positionals);
  const v = parsed.values;
  const target = v.target ?? 'aws';
  if (target !== 'aws' && target !== 'local')
    throw new UsageError(`--target must be 'aws' or 'local', got '${target}'`);
  if (command === 'deploy' && target === 'local') {
    throw new UsageError(
      "sluice deploy deploys to AWS (or LocalStack via AWS_ENDPOINT_URL); '--target local' is for synth",
    );
  }
  const userStreams = v['console-user-streams'] ?? 'read';
  if (userStreams !== 'read' && userStreams !== 'write')
    throw new UsageError(`--console-user-streams must be 'read' or 'write', got '${userStreams}'`);
  if (v['console-user-streams'] !== undefined && !v.console)
    throw new UsageError('--console-user-streams needs --console');
  return {
    file,
    out: v.out ?? 'cdk.out',
    parallelism: parallelismOf(v.parallelism),
    json: v.json ?? false,
    target,
    eventsPerSecond: toInt('--events-per-second', v['events-per-second'] ?? '1000', 1, 10_000_000),
    eventBytes: toInt('--event-bytes', v['event-bytes'] ?? '200', 1, 1_048_576),
    yes: v.yes ?? false,
    dryRun: v['dry-run'] ?? false,
    udfs: v.udf ?? [],
    console: v.console ?? false,
    consoleUserStreams: userStreams,
  };
}

/** `synthPipeline`'s `console` option for these arguments. */
export const consoleOption = (args: CloudArgs) =>
  args.console ? { userStreams: args.consoleUserStreams } : false;

/** `sluice synth FILE.sql [--out DIR] [--parallelism N] [--target aws|local] [--json] [--console]`. */
export async function synthCommand(argv: readonly string[]): Promise<number> {
  const args = parseCloudArgs('synth', argv);
  const view = new ProgressView(args.json);
  const started = Date.now();
  view.step(`compiling ${args.file}`);
  const spec = await loadPipeline(args.file, args.parallelism, args.udfs);
  const r = await synthPipeline({
    spec,
    outDir: args.out,
    props: { target: args.target },
    console: consoleOption(args),
    onStep: (s) => view.step(s),
  });
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ stack: r.stackName, assemblyDir: r.assemblyDir, templateFile: r.templateFile, resources: r.resources })}\n`,
    );
  } else {
    process.stdout.write(
      `Synthesized stack ${r.stackName} (${r.resources.length} resources) in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
        `  assembly: ${r.assemblyDir}\n  template: ${r.templateFile}\n${formatResources(r.resources)}\n`,
    );
  }
  return 0;
}

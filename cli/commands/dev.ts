import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startConsole, startDevStack } from '../../console/index.ts';
import { loadPipeline, UsageError } from '../../ops/index.ts';
import { oneSqlFile, parallelismOf, parseFlags, portOf } from '../args.ts';

export const DEFAULT_CONSOLE_PORT = 8787;

export interface ServeArgs {
  readonly file: string | undefined;
  readonly parallelism: number;
  readonly port: number;
  readonly consolePort: number;
  readonly keepState: boolean;
  /** `--udf FILE.ts` (repeatable), besides the `udfs/` folder next to FILE.sql. */
  readonly udfs: readonly string[];
}

export function parseServeArgs(command: string, argv: readonly string[], needsFile: boolean): ServeArgs {
  const parsed = parseFlags(argv, {
    parallelism: { type: 'string', short: 'p' },
    port: { type: 'string' },
    'console-port': { type: 'string' },
    'keep-state': { type: 'boolean' },
    udf: { type: 'string', multiple: true },
  });
  if (!needsFile && parsed.positionals.length > 0)
    throw new UsageError(`sluice ${command} takes no file; create pipelines in its SQL editor`);
  return {
    file: needsFile ? oneSqlFile(command, parsed.positionals) : undefined,
    parallelism: parallelismOf(parsed.values.parallelism),
    port: portOf('--port', parsed.values.port, 4566),
    consolePort: portOf('--console-port', parsed.values['console-port'], DEFAULT_CONSOLE_PORT),
    keepState: parsed.values['keep-state'] ?? false,
    udfs: parsed.values.udf ?? [],
  };
}

/**
 * Starts the embedded local stack and the console, optionally runs FILE.sql on it, and keeps
 * serving until Ctrl-C. Shared by `sluice dev FILE.sql` and `sluice console`.
 */
export async function serve(args: ServeArgs): Promise<number> {
  const step = (s: string) => process.stderr.write(`  ${s}\n`);
  const log = process.env.SLUICE_LOG ? (line: string) => process.stderr.write(`  | ${line}\n`) : undefined;
  const spec =
    args.file === undefined ? undefined : await loadPipeline(args.file, args.parallelism, args.udfs);
  step('starting the embedded local stack (DynamoDB Local, Kinesis, Lambda emulator)');
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-dev-'));
  const { stack, timer } = await startDevStack({
    port: args.port,
    dataDir,
    onStep: step,
    ...(log ? { log } : {}),
  });
  const done = new Promise<void>((r) => {
    process.once('SIGINT', () => r());
    process.once('SIGTERM', () => r());
  });
  let console_: Awaited<ReturnType<typeof startConsole>> | undefined;
  try {
    step(`local stack on ${stack.endpoint}`);
    console_ = await startConsole({
      port: args.consolePort,
      endpoint: stack.endpoint,
      emulator: stack.lambda,
      timer,
      workDir: dataDir,
      baseDir: args.file === undefined ? process.cwd() : dirname(resolve(args.file)),
      log: step,
    });
    if (spec) {
      step(
        `deploying pipeline ${spec.name} (${spec.stages.length} stage(s), parallelism ${args.parallelism})`,
      );
      await console_.backend.run(spec, step);
    }
    process.stdout.write(
      `\nsluice console: ${console_.openUrl}\n` +
        `  API token (Authorization: Bearer …): ${console_.token}\n` +
        `  local stack: AWS_ENDPOINT_URL=${stack.endpoint}\n` +
        `  sluice status --endpoint ${stack.endpoint}\n` +
        'Press Ctrl-C to stop.\n',
    );
    await done;
    step('stopping');
    return 0;
  } finally {
    await console_?.stop();
    await stack.stop();
    if (args.keepState) process.stderr.write(`state kept in ${dataDir}\n`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

/** `sluice dev FILE.sql`: local stack + the pipeline + the console, until Ctrl-C. */
export async function devCommand(argv: readonly string[]): Promise<number> {
  return serve(parseServeArgs('dev', argv, true));
}

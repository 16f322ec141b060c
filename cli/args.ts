import { parseArgs } from 'node:util';
import { UsageError } from '../ops/index.ts';

export interface CommonArgs {
  readonly file: string;
  readonly parallelism: number;
  readonly json: boolean;
  readonly port: number;
  readonly keepState: boolean;
  /** `--chaos SEED`: the fault-injection harness's seed (docs/exactly-once.md). */
  readonly chaos: number | undefined;
  /** `--chaos-faults a,b`: only these fault kinds (default: every kind). */
  readonly chaosFaults: readonly string[] | undefined;
  /** `--keep-running`: keep the local stack up after the run (for `sluice dlq`), until Ctrl-C. */
  readonly keepRunning: boolean;
  /** `--udf FILE.ts` (repeatable): UDF modules besides those in the `udfs/` folder next to FILE.sql. */
  readonly udfs: readonly string[];
  /** `--s3-dir DIR` (run): the local S3's storage, `DIR/<bucket>/<key>`, kept after the run. */
  readonly s3Dir: string | undefined;
}

/** Parses `FILE.sql [--parallelism N] [--json] …` for run and compile; throws UsageError. */
export function parseCommonArgs(command: string, argv: readonly string[]): CommonArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. See 'sluice --help'.`);
  }
  const file = parsed.positionals[0];
  if (file === undefined)
    throw new UsageError(`sluice ${command} needs a SQL file: sluice ${command} FILE.sql`);
  if (parsed.positionals.length > 1) {
    throw new UsageError(`sluice ${command} takes one SQL file, got: ${parsed.positionals.join(' ')}`);
  }
  const parallelism = toInt('--parallelism', parsed.values.parallelism ?? '1', 1, 64);
  const port = toInt('--port', parsed.values.port ?? '4566', 0, 65535);
  const chaos =
    parsed.values.chaos === undefined ? undefined : toInt('--chaos', parsed.values.chaos, 0, 2 ** 31 - 1);
  if (parsed.values['chaos-faults'] && chaos === undefined) {
    throw new UsageError('--chaos-faults needs --chaos SEED');
  }
  return {
    file,
    parallelism,
    port,
    json: parsed.values.json ?? false,
    keepState: parsed.values['keep-state'] ?? false,
    chaos,
    chaosFaults: parsed.values['chaos-faults']?.split(',').map((s) => s.trim()),
    keepRunning: parsed.values['keep-running'] ?? false,
    udfs: parsed.values.udf ?? [],
    s3Dir: parsed.values['s3-dir'],
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      parallelism: { type: 'string', short: 'p' },
      port: { type: 'string' },
      json: { type: 'boolean' },
      'keep-state': { type: 'boolean' },
      chaos: { type: 'string' },
      'chaos-faults': { type: 'string' },
      'keep-running': { type: 'boolean' },
      udf: { type: 'string', multiple: true },
      's3-dir': { type: 'string' },
    },
  });
}

function toInt(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

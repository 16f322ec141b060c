import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PARALLELISM, UsageError } from '../ops/index.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>;

/**
 * The one flag parser of every command: node:util's parseArgs with positionals; an unknown or
 * malformed flag is a UsageError that ends with `hint`.
 */
export function parseFlags<const O extends Options>(
  argv: readonly string[],
  options: O,
  hint = "See 'sluice --help'.",
): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. ${hint}`);
  }
}

/** An integer flag within [min, max]; throws UsageError naming the flag. */
export function toInt(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

/** `--parallelism N` (default 1), within ops' PARALLELISM limits. */
export const parallelismOf = (raw: string | undefined): number =>
  toInt('--parallelism', raw ?? '1', PARALLELISM.min, PARALLELISM.max);

/** A TCP port flag: 0 (any free port) to 65535. */
export const portOf = (flag: string, raw: string | undefined, fallback: number): number =>
  toInt(flag, raw ?? String(fallback), 0, 65535);

/** The one SQL file of `sluice COMMAND FILE.sql`; throws UsageError for none or several. */
export function oneSqlFile(command: string, positionals: readonly string[]): string {
  const [file, ...extra] = positionals;
  if (file === undefined)
    throw new UsageError(`sluice ${command} needs a SQL file: sluice ${command} FILE.sql`);
  if (extra.length > 0)
    throw new UsageError(`sluice ${command} takes one SQL file, got: ${positionals.join(' ')}`);
  return file;
}

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
  const parsed = parseFlags(argv, {
    parallelism: { type: 'string', short: 'p' },
    port: { type: 'string' },
    json: { type: 'boolean' },
    'keep-state': { type: 'boolean' },
    chaos: { type: 'string' },
    'chaos-faults': { type: 'string' },
    'keep-running': { type: 'boolean' },
    udf: { type: 'string', multiple: true },
    's3-dir': { type: 'string' },
  });
  const file = oneSqlFile(command, parsed.positionals);
  const parallelism = parallelismOf(parsed.values.parallelism);
  const port = portOf('--port', parsed.values.port, 4566);
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

import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import { UsageError } from './errors.ts';
import { discoverUdfFiles, readUdfFiles } from './udf/discover-udfs.ts';

/** How many shards a stage may start with (`--parallelism`, `-c parallelism`). */
export const PARALLELISM = { min: 1, max: 64 } as const;

/** A pipeline name from a file name: `examples/Orders_v2.sql` → `orders-v2`. */
export function pipelineNameFor(file: string): string {
  const base = basename(file)
    .replace(/\.sql$/i, '')
    .toLowerCase();
  const cleaned = base
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return (cleaned || 'pipeline').slice(0, 40);
}

/**
 * Reads and compiles a SQL file with its TypeScript UDFs (the `udfs/` folder next to it, plus
 * `udfFiles` from `--udf`); errors name the path (missing file) or line:column (bad SQL, bad UDF).
 */
export async function loadPipeline(
  file: string,
  parallelism: number,
  udfFiles: readonly string[] = [],
): Promise<PipelineSpec> {
  const path = resolve(file);
  let sql: string;
  try {
    sql = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read SQL file '${file}' (${path}): no such file. Check the path.`);
  }
  const udfs = await readUdfFiles(await discoverUdfFiles(file, udfFiles));
  const { compile } = await import('../compiler/index.ts'); // on first use: see ops/index.ts
  return compile(sql, { file, baseDir: dirname(path), name: pipelineNameFor(file), parallelism, udfs });
}

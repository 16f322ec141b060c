import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { UdfDef } from '../../compiler/index.ts';
import { UsageError } from '../errors.ts';

/** The folder next to a SQL file whose TypeScript modules are the pipeline's UDFs. */
export const UDF_DIR = 'udfs';

const isModule = (name: string): boolean =>
  name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts');

/**
 * The UDF modules of a pipeline: every `*.ts` in the `udfs/` folder next to the SQL file (not
 * `*.d.ts` or `*.test.ts`), then each `--udf FILE.ts`, as absolute paths without repeats.
 */
export async function discoverUdfFiles(sqlFile: string, explicit: readonly string[]): Promise<string[]> {
  const dir = join(dirname(resolve(sqlFile)), UDF_DIR);
  let found: string[] = [];
  try {
    found = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && isModule(e.name))
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    // no udfs/ folder: no UDFs from it
  }
  for (const f of explicit) {
    if (!f.endsWith('.ts')) throw new UsageError(`--udf takes a TypeScript module (FILE.ts), got '${f}'`);
    found.push(resolve(f));
  }
  return [...new Set(found)];
}

/** Reads each module's UDF signatures (diagnostics name files under the working directory relative to it). */
export async function readUdfFiles(files: readonly string[]): Promise<UdfDef[]> {
  const defs: UdfDef[] = [];
  if (files.length === 0) return defs;
  const { readUdfModule } = await import('../../compiler/index.ts'); // on first use: see ops/index.ts
  for (const file of files) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch {
      throw new UsageError(`cannot read UDF module '${file}': no such file. Check the --udf path.`);
    }
    const rel = relative(process.cwd(), file);
    defs.push(...readUdfModule(file, source, rel === '' || rel.startsWith('..') ? file : rel));
  }
  return defs;
}

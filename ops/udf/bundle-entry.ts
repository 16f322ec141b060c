import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { UsageError } from '../errors.ts';

/**
 * The source of the handler bundle's entry for a pipeline with UDFs: it imports each UDF module
 * the spec names, registers it under its content hash, and re-exports the stage handler, so the
 * one esbuild bundle (and so every deployed function) carries the UDFs. Refuses a module whose
 * source changed since the spec was compiled: the signatures in the spec would no longer hold.
 */
export async function udfBundleEntry(
  spec: PipelineSpec,
  handlerPath: string,
  registryPath: string,
): Promise<string> {
  const modules = new Map<string, string>();
  for (const u of spec.udfs ?? []) modules.set(u.module, u.hash);
  const lines = [`import { registerUdfModule } from ${JSON.stringify(registryPath)};`];
  let i = 0;
  for (const [module, hash] of modules) {
    let source: string;
    try {
      source = await readFile(module, 'utf8');
    } catch {
      throw new UsageError(`UDF module ${module} is gone since the pipeline was compiled`);
    }
    if (createHash('sha256').update(source).digest('hex') !== hash)
      throw new UsageError(`UDF module ${module} changed since the pipeline was compiled: compile it again`);
    lines.push(`import * as udf${i} from ${JSON.stringify(module)};`);
    lines.push(`registerUdfModule(${JSON.stringify(hash)}, udf${i});`);
    i++;
  }
  lines.push(`export * from ${JSON.stringify(handlerPath)};`);
  return `${lines.join('\n')}\n`;
}

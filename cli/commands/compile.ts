import { explainSpec } from '../../compiler/index.ts';
import { loadPipeline } from '../../ops/index.ts';
import { parseCommonArgs } from '../args.ts';

/** `sluice compile FILE.sql [--parallelism N] [--json]`. */
export async function compileCommand(argv: readonly string[]): Promise<number> {
  const args = parseCommonArgs('compile', argv);
  const spec = await loadPipeline(args.file, args.parallelism, args.udfs);
  process.stdout.write(args.json ? `${JSON.stringify(spec, null, 2)}\n` : `${explainSpec(spec)}\n`);
  return 0;
}

import { compile, readUdfModule } from '../../../compiler/index.ts';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { createOperatorChain } from '../../../functions/operators/operator-chain.ts';
import type { Row } from '../../../functions/operators/types.ts';
import { installUdfs, registerUdfModule } from '../../../functions/udf/registry.ts';

let n = 0;

/**
 * Compiles `sql` with the UDFs whose signatures `source` declares, and registers `impl` as their
 * module (as the bundle entry would). `source` only needs the signatures; a fresh comment makes
 * each call's module hash (and so its UDF ids) unique.
 */
export function withUdfs(source: string, impl: Record<string, unknown>, sql: string): PipelineSpec {
  const text = `// test module ${++n}\n${source}`;
  const defs = readUdfModule(`/virtual/m${n}.ts`, text, `m${n}.ts`);
  registerUdfModule(defs[0]!.hash, impl);
  const spec = compile(sql, { name: `udf-test-${n}`, baseDir: '/virtual', udfs: defs });
  installUdfs(spec.udfs);
  return spec;
}

export const TABLE = `CREATE TABLE t (id BIGINT, s TEXT, x DOUBLE, n BIGINT, ts TIMESTAMP, tags TEXT[],
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
  WITH (connector = 'single_file', path = 't.jsonl', format = 'json', type = 'source', bad_data = 'drop');`;

/**
 * Runs rows through every stage's operators in one chain (a shuffle only routes rows); returns the
 * outputs and the reasons of the rows that would be dead-lettered.
 */
export function runPipeline(spec: PipelineSpec, rows: readonly [Row, number][], wm?: number) {
  const out: Row[] = [];
  const failed: string[] = [];
  const chain = createOperatorChain(
    { operators: spec.stages.flatMap((s) => s.operators) },
    {
      emit: (row) => out.push(row),
      onError: (err) => failed.push(err.message),
    },
  );
  for (const [row, t] of rows) {
    try {
      chain.push(row, t);
    } catch (err) {
      failed.push((err as Error).message);
    }
  }
  if (wm !== undefined) chain.advanceWatermark(wm);
  return { out, failed, chain };
}

import { isBuiltinFunction } from './analyze/functions.ts';
import { planPipeline } from './analyze/plan-pipeline.ts';
import { NO_POS, SqlError, sqlError } from './errors/sql-error.ts';
import { parseSql } from './parse/index.ts';
import { splitPipelines } from './physical/split-pipelines.ts';
import type { PipelineSpec } from './spec/pipeline-spec.ts';
import { udfIdsIn } from './spec/udf-spec.ts';
import { buildSpec } from './spec-builder.ts';
import { checkAsyncPlacement } from './udf/async-placement.ts';
import type { UdfDef } from './udf/read-udf-module.ts';
import { UdfCatalog } from './udf/udf-catalog.ts';
import { withUdfCatalog } from './udf/udf-scope.ts';

export interface CompileOptions {
  /** The SQL file's path, for diagnostics. */
  readonly file?: string;
  /** Directory that relative `path` options resolve against (the SQL file's directory). */
  readonly baseDir?: string;
  /** Pipeline name, `^[a-z][a-z0-9-]{0,40}$`. */
  readonly name: string;
  /** Shards of every internal stream and parallelism of every stage; default 1. */
  readonly parallelism?: number;
  /** TypeScript UDFs the SQL may call (`readUdfModules`); the spec records those it calls. */
  readonly udfs?: readonly UdfDef[];
}

const NAME_RE = /^[a-z][a-z0-9-]{0,40}$/;

/** Compiles streaming SQL into a validated PipelineSpec. Throws `SqlError` (or `UdfError` for UDF name clashes). */
export function compile(sql: string, opts: CompileOptions): PipelineSpec {
  try {
    if (!NAME_RE.test(opts.name))
      throw sqlError(
        'SQL_INVALID',
        NO_POS,
        `invalid pipeline name '${opts.name}'`,
        'use lowercase letters, digits and -, starting with a letter (at most 41 characters)',
      );
    const parallelism = opts.parallelism ?? 1;
    if (!Number.isInteger(parallelism) || parallelism < 1)
      throw sqlError('SQL_INVALID', NO_POS, `invalid parallelism ${parallelism}`, 'use a positive integer');
    const statements = parseSql(sql);
    const udfs = new UdfCatalog(opts.udfs ?? [], isBuiltinFunction);
    const plans = withUdfCatalog(udfs, () => planPipeline(statements, { baseDir: opts.baseDir }));
    const stages = splitPipelines(plans);
    // Only the UDFs the plan calls go into the spec (and so into the bundle).
    const called = udfs.specsOf(udfIdsIn(stages.map((s) => s.operators)));
    const spec = buildSpec(stages, { name: opts.name, parallelism, sql, udfs: called });
    checkAsyncPlacement(spec, udfs);
    return spec;
  } catch (e) {
    if (e instanceof SqlError) throw e.withContext(sql, opts.file);
    throw e;
  }
}

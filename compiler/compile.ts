import { planPipeline } from './analyze/plan-pipeline.ts';
import { NO_POS, SqlError, sqlError } from './errors/sql-error.ts';
import { parseSql } from './parse/index.ts';
import { splitStages } from './physical/stages.ts';
import type { PipelineSpec } from './spec/pipeline-spec.ts';
import { buildSpec } from './spec-builder.ts';

export interface CompileOptions {
  /** The SQL file's path, for diagnostics. */
  readonly file?: string;
  /** Directory that relative `path` options resolve against (the SQL file's directory). */
  readonly baseDir?: string;
  /** Pipeline name, `^[a-z][a-z0-9-]{0,40}$`. */
  readonly name: string;
  /** Shards of every internal stream and parallelism of every stage; default 1. */
  readonly parallelism?: number;
}

const NAME_RE = /^[a-z][a-z0-9-]{0,40}$/;

/** Compiles streaming SQL into a validated PipelineSpec. Throws `SqlError`. */
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
    const plan = planPipeline(statements, { baseDir: opts.baseDir });
    return buildSpec(splitStages(plan), { name: opts.name, parallelism, sql });
  } catch (e) {
    if (e instanceof SqlError) throw e.withContext(sql, opts.file);
    throw e;
  }
}

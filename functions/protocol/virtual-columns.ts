import type { SourceSpec } from '../../compiler/spec/index.ts';
import { DecodeError } from '../errors.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import { createSourceParser, type ParsedSourceRow } from './source-parser.ts';

/**
 * The source parser of a source with virtual columns (`GENERATED ALWAYS AS (expr)`): reads the
 * physical columns with createSourceParser, then computes each virtual column from them in
 * declaration order, then reads the event time (which may be a virtual column). An expression
 * that throws (a failed CAST, say) is a decode error, so the record is dead-lettered (I8). The
 * expressions are deterministic functions of the record, so a replay gives the same rows (I2, I6).
 */
export function createParserWithVirtuals(source: SourceSpec): (raw: string) => ParsedSourceRow {
  const virtual = source.virtual ?? [];
  if (virtual.length === 0) return createSourceParser(source);
  const names = new Set(virtual.map((v) => v.name));
  const inner = createSourceParser({
    ...source,
    schema: source.schema.filter((f) => !names.has(f.name)),
    eventTime: null,
  });
  const computed = virtual.map((v) => ({ name: v.name, eval: compileExpr(v.expr) }));
  const etField = source.eventTime?.field;
  return (raw) => {
    const physical = inner(raw).row;
    const row: Record<string, unknown> = {};
    for (const f of source.schema) {
      const c = computed.find((v) => v.name === f.name);
      if (c === undefined) row[f.name] = physical[f.name];
      else {
        try {
          row[f.name] = c.eval(physical);
        } catch (err) {
          throw new DecodeError(`virtual column '${f.name}': ${(err as Error).message}`);
        }
        if (row[f.name] === null && !f.nullable)
          throw new DecodeError(`virtual column '${f.name}' is null but NOT NULL`);
      }
    }
    if (etField === undefined) return { row, t: undefined };
    const t = row[etField];
    if (typeof t !== 'number') throw new DecodeError(`event time field '${etField}' is null`);
    return { row, t };
  };
}

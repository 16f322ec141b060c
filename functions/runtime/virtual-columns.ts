import type { SourceSpec } from '../../compiler/spec/index.ts';
import { DecodeError } from '../errors.ts';
import { compileExpr } from '../expr/compile-expr.ts';
import { createSourceParser, type ParsedSourceRow } from './source-parser.ts';

/**
 * The source parser of a source with virtual columns (`GENERATED ALWAYS AS (expr)`) or JSON
 * columns: reads the other columns with createSourceParser, takes each JSON column's value (any
 * JSON value) as its JSON text, then computes each virtual column from the physical ones, then
 * reads the event time (which may be a virtual column). An expression that throws (a failed CAST,
 * say) is a decode error, so the record is dead-lettered (I8). The expressions are deterministic
 * functions of the record, so a replay gives the same rows (I2, I6).
 */
export function createParserWithVirtuals(source: SourceSpec): (raw: string) => ParsedSourceRow {
  const virtual = source.virtual ?? [];
  const json = source.schema.filter((f) => f.json === true);
  if (virtual.length === 0 && json.length === 0) return createSourceParser(source);
  const names = new Set([...virtual.map((v) => v.name), ...json.map((f) => f.name)]);
  const inner = createSourceParser({
    ...source,
    schema: source.schema.filter((f) => !names.has(f.name)),
    eventTime: null,
  });
  const computed = new Map(virtual.map((v) => [v.name, compileExpr(v.expr)]));
  const etField = source.eventTime?.field;
  return (raw) => {
    const physical = inner(raw).row;
    if (json.length > 0) {
      const doc = JSON.parse(raw) as Record<string, unknown>; // inner() has checked it is an object
      for (const f of json) {
        const v = doc[f.name];
        if (v === undefined || v === null) {
          if (!f.nullable) throw new DecodeError(`field '${f.name}' is missing or null but NOT NULL`);
          physical[f.name] = null;
        } else physical[f.name] = JSON.stringify(v);
      }
    }
    const row: Record<string, unknown> = {};
    for (const f of source.schema) {
      const ev = computed.get(f.name);
      if (ev === undefined) row[f.name] = physical[f.name];
      else {
        try {
          row[f.name] = ev(physical);
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

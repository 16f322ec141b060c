import { elementType, type Field, isArrayType, type SourceSpec } from '../../compiler/spec/index.ts';
import { DecodeError } from '../errors.ts';
import { excerptValue } from '../excerpt.ts';
import type { Row } from '../expr/compile-expr.ts';
import { parseTimestamp } from '../expr/runtime.ts';
import type { ChangeRow } from '../operators/change-row.ts';
import { nanosToMs, parseDebeziumChange } from './debezium-source.ts';

export interface ParsedSourceRow {
  readonly row: Row;
  /** Event time from `eventTime.field`; undefined when the source has none. */
  readonly t: number | undefined;
}

function convert(f: Field, v: unknown): unknown {
  if (v === undefined || v === null) {
    if (!f.nullable) throw new DecodeError(`field '${f.name}' is missing or null but NOT NULL`);
    return null;
  }
  if (isArrayType(f.type)) {
    if (!Array.isArray(v))
      throw new DecodeError(`field '${f.name}' must be a JSON array, got ${excerptValue(v)}`);
    const elem = { name: `${f.name}[]`, type: elementType(f.type), nullable: true };
    return v.map((x) => convert(elem, x));
  }
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string')
        throw new DecodeError(`field '${f.name}' must be a string, got ${excerptValue(v)}`);
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new DecodeError(`field '${f.name}' must be an integer, got ${excerptValue(v)}`);
      }
      if (f.unsigned !== undefined && (v < 0 || v > 2 ** f.unsigned - 1))
        throw new DecodeError(
          `field '${f.name}' is UNSIGNED (${f.unsigned} bits): ${excerptValue(v)} is outside 0 … ${2n ** BigInt(f.unsigned) - 1n}`,
        );
      return v;
    case 'float':
      if (typeof v !== 'number')
        throw new DecodeError(`field '${f.name}' must be a number, got ${excerptValue(v)}`);
      return v;
    case 'bool':
      if (typeof v !== 'boolean')
        throw new DecodeError(`field '${f.name}' must be a boolean, got ${excerptValue(v)}`);
      return v;
    case 'timestamp': {
      if (typeof v === 'number' && Number.isFinite(v)) {
        // Beyond a date's range (±8.64e15 ms) every timestamp function and a sink's ISO text would
        // throw later, outside any row's reach (I8): refuse it here, as the event-time guard does.
        if (Math.abs(v) > 8.64e15)
          throw new DecodeError(
            `field '${f.name}' is ${v} ms, not a representable timestamp (the range is ±8.64e15 ms, years -271821 to 275760)`,
          );
        return Math.trunc(v);
      }
      if (typeof v === 'string') {
        const ms = parseTimestamp(v);
        if (ms !== undefined) return ms;
      }
      throw new DecodeError(
        `field '${f.name}' must be an ISO 8601 timestamp or epoch milliseconds, got ${excerptValue(v)}`,
      );
    }
    case 'null':
      return null;
    default: {
      const never: never = f.type;
      throw new Error(`unknown type ${String(never)}`);
    }
  }
}

/**
 * Parses one JSON document of a source by its schema: keeps the schema's fields (in order),
 * checks their types, turns timestamps (ISO strings or epoch ms) into epoch ms, and reads the event
 * time. A `debezium_json` source's document is a change (debezium-source.ts) and becomes a change
 * row. Throws DecodeError for anything it cannot read (→ dead letter, I8).
 */
export function createSourceParser(source: SourceSpec): (raw: string) => ParsedSourceRow {
  const fields = source.schema;
  const etField = source.eventTime?.field;
  const debezium = source.format === 'debezium_json';
  const readRow = (obj: Record<string, unknown>): Row => {
    const row: Row = {};
    for (const f of fields) row[f.name] = convert(f, debezium ? nanosToMs(f, obj[f.name]) : obj[f.name]);
    return row;
  };
  return (raw) => {
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch (err) {
      throw new DecodeError(`invalid JSON: ${(err as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new DecodeError('expected a JSON object');
    }
    const obj = doc as Record<string, unknown>;
    let row: Row;
    let timed: Row;
    if (debezium) {
      row = parseDebeziumChange(obj, readRow);
      const change = row as Row & ChangeRow;
      timed = change.after ?? change.before ?? {};
    } else {
      row = readRow(obj);
      timed = row;
    }
    let t: number | undefined;
    if (etField !== undefined) {
      const v =
        etField in timed
          ? timed[etField]
          : convert({ name: etField, type: 'timestamp', nullable: false }, obj[etField]);
      if (typeof v !== 'number') throw new DecodeError(`event time field '${etField}' is null`);
      t = v;
    }
    return { row, t };
  };
}

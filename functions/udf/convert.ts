import type { UdfValueType } from '../../compiler/spec/index.ts';
import { EvaluationError } from '../errors.ts';

/**
 * Values between the engine and a UDF. The engine holds BIGINT and DOUBLE as numbers, TIMESTAMP as
 * epoch milliseconds and arrays as JSON arrays; a UDF sees `bigint`, `number`, `Date` and arrays of
 * those, as its signature declares.
 */
export function toUdf(v: unknown, t: UdfValueType, what: string): unknown {
  if (v === null || v === undefined) return null;
  if (t.type.endsWith('[]')) {
    const element = elementOf(t);
    return (v as unknown[]).map((x) => {
      if (x === null && !t.elementNullable)
        throw new EvaluationError(
          `${what} holds a NULL element; declare the parameter (T | null)[] to accept it`,
        );
      return toUdf(x, element, what);
    });
  }
  if (t.type === 'int') {
    if (!Number.isSafeInteger(v)) throw new EvaluationError(`${what} is ${String(v)}, not a BIGINT`);
    return BigInt(v as number);
  }
  if (t.type === 'timestamp') return new Date(v as number);
  return v;
}

/** Checks a UDF's result against its declared type and converts it back; throws EvaluationError. */
export function fromUdf(v: unknown, t: UdfValueType, what: string): unknown {
  if (v === null || v === undefined) {
    if (t.nullable) return null;
    throw new EvaluationError(
      `${what} returned ${String(v)}, but its result type is not nullable (declare T | null)`,
    );
  }
  const bad = (expected: string): never => {
    throw new EvaluationError(`${what} returned ${show(v)}, not ${expected}`);
  };
  switch (t.type) {
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? v : bad('a finite number');
    case 'int':
      if (typeof v !== 'bigint') return bad('a bigint');
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
        return bad('a BIGINT within ±2^53 (JSON numbers carry no more)');
      return Number(v);
    case 'string':
      return typeof v === 'string' ? v : bad('a string');
    case 'bool':
      return typeof v === 'boolean' ? v : bad('a boolean');
    case 'timestamp':
      return v instanceof Date && !Number.isNaN(v.getTime()) ? v.getTime() : bad('a valid Date');
    default: {
      if (!Array.isArray(v)) return bad('an array');
      const element = elementOf(t);
      return v.map((x) => fromUdf(x, element, `${what} (an element)`));
    }
  }
}

const elementOf = (t: UdfValueType): UdfValueType => ({
  type: t.type.slice(0, -2) as UdfValueType['type'],
  nullable: t.elementNullable,
  elementNullable: false,
});

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return 'an invalid Date';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

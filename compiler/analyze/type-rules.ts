import type { ScalarType } from '../spec/types.ts';

export const isNumeric = (t: ScalarType): boolean => t === 'int' || t === 'float' || t === 'null';

/** The common type of two operands (NULL fits anything, int widens to float), or null if none. */
export function unify(a: ScalarType, b: ScalarType): ScalarType | null {
  if (a === b) return a;
  if (a === 'null') return b;
  if (b === 'null') return a;
  if ((a === 'int' && b === 'float') || (a === 'float' && b === 'int')) return 'float';
  return null;
}

/** SQL spelling of a type, for messages and CAST hints. */
export function sqlTypeName(t: ScalarType): string {
  switch (t) {
    case 'string':
      return 'TEXT';
    case 'int':
      return 'BIGINT';
    case 'float':
      return 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'null':
      return 'NULL';
    case 'string[]':
    case 'int[]':
    case 'float[]':
    case 'bool[]':
    case 'timestamp[]':
      return `${sqlTypeName(t.slice(0, -2) as ScalarType)}[]`;
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** A hint that suggests casting `from` to `to`. */
export function castHint(what: string, to: ScalarType): string {
  return `CAST it to the type you need, e.g. CAST(${what} AS ${sqlTypeName(to)})`;
}

import type { Field } from '../../compiler/spec/index.ts';
import { DecodeError } from '../errors.ts';
import { excerptValue } from '../excerpt.ts';
import type { Row } from '../expr/compile-expr.ts';
import { changeRow } from '../operators/change-row.ts';

/**
 * A `debezium_json` source document: `{"before": …, "after": …, "op": …}` (other fields, such as
 * `source` and `ts_ms`, are ignored). As Arroyo reads it: `c` (create) and `r` (snapshot read)
 * need `after` and become a create; `u` needs both and becomes an update; `d` needs `before` and
 * becomes a delete. Anything else throws DecodeError naming what is wrong (→ dead letter, I8).
 */
export function parseDebeziumChange(
  obj: Record<string, unknown>,
  readRow: (o: Record<string, unknown>) => Row,
): Row {
  const side = (name: 'before' | 'after', op: string): Row => {
    const v = obj[name];
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new DecodeError(
        `debezium op '${op}' needs '${name}' to be an object, got ${excerptValue(v ?? null)}`,
      );
    return readRow(v as Record<string, unknown>);
  };
  const op = obj.op;
  switch (op) {
    case 'c':
    case 'r':
      return changeRow(null, side('after', op), 'c');
    case 'u':
      return changeRow(side('before', op), side('after', op), 'u');
    case 'd':
      return changeRow(side('before', op), null, 'd');
    default:
      throw new DecodeError(
        `debezium field 'op' must be one of 'c', 'r', 'u', 'd', got ${excerptValue(op ?? null)}`,
      );
  }
}

/**
 * A number in a TIMESTAMP column of a Debezium document is epoch NANOSECONDS, as Arroyo reads it
 * (its golden output of debezium_pass_through: 1734539354748899 → 1734539354 ms); sluice's
 * timestamps are epoch ms. Strings (ISO 8601) pass unchanged.
 */
export function nanosToMs(f: Field, v: unknown): unknown {
  return f.type === 'timestamp' && typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v / 1e6) : v;
}

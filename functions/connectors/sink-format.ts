import type { Field, SinkSpec } from '../../compiler/spec/index.ts';
import { sinkDeclaration } from '../../compiler/spec/index.ts';
import type { Row } from '../expr/compile-expr.ts';
import { iso } from '../expr/runtime.ts';
import { isChangeRow } from '../operators/change-row.ts';
import { createSinkRowFormatter } from './output-row.ts';

/**
 * The external form of a sink's rows. `json`: the row itself (output-row.ts). `debezium_json` (and
 * the preview of an updating query): `{"before": …, "after": …, "op": "c"|"u"|"d"}`, a plain row
 * being a create. Change rows come from updating operators (operators/change-row.ts); the compiler
 * only sends them to Debezium sinks or the preview.
 */
export function createSinkFormatter(schema: readonly Field[], sink: SinkSpec): (row: Row) => Row {
  const plain = createSinkRowFormatter(schema);
  const timeArrays = schema.filter((f) => f.type === 'timestamp[]').map((f) => f.name);
  // Arrays of timestamps leave as arrays of ISO 8601 strings, like timestamp columns.
  const fmt =
    timeArrays.length === 0
      ? plain
      : (row: Row): Row => {
          const out = plain(row);
          for (const name of timeArrays) {
            const v = out[name];
            if (Array.isArray(v)) out[name] = v.map((x) => (typeof x === 'number' ? iso(x) : x));
          }
          return out;
        };
  const always = sinkDeclaration(sink).changelog === 'always';
  const debezium = always || ('format' in sink && sink.format === 'debezium_json');
  return (row) => {
    if (isChangeRow(row)) {
      if (!debezium) throw new Error(`a change row reached the ${sink.kind} sink, which writes plain JSON`);
      return {
        before: row.before === null ? null : fmt(row.before),
        after: row.after === null ? null : fmt(row.after),
        op: row.op,
      };
    }
    return debezium && !always ? { before: null, after: fmt(row), op: 'c' } : fmt(row);
  };
}

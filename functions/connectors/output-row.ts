import type { Field } from '../../compiler/spec/index.ts';
import type { Row } from '../expr/compile-expr.ts';
import { iso } from '../expr/runtime.ts';
import { fnv1a32 } from '../wire/routing.ts';

/** One output of an invocation: caused by input `seq` (this stage's input), with event time `t`. */
export interface OutputRow {
  readonly seq: string;
  readonly t: number;
  readonly row: Row;
  /** Intrinsic id (window results); otherwise the id is positional, see `assignRowIds`. */
  readonly id: string | undefined;
}

/** Row ids per I2: the intrinsic id, else `<stage>:<shard>:<seq>:<n>` (n-th output of that input). */
export function assignRowIds(stageId: string, shardId: string, outs: readonly OutputRow[]): string[] {
  const ids: string[] = [];
  let seq = '';
  let n = 0;
  for (const o of outs) {
    n = o.seq === seq ? n + 1 : 0;
    seq = o.seq;
    ids.push(o.id ?? `${stageId}:${shardId}:${o.seq}:${n}`);
  }
  return ids;
}

/** A Kinesis partition key (≤ 256 chars) for a row id. */
export const partitionKeyOf = (id: string): string =>
  id.length <= 256 ? id : `${id.slice(0, 240)}#${fnv1a32(id).toString(16)}`;

/**
 * The external form of a row: the stage schema's columns in order, timestamps as ISO 8601 strings.
 * Internal edges keep epoch ms; sinks a user reads get ISO text.
 */
export function createSinkRowFormatter(schema: readonly Field[]): (row: Row) => Row {
  return (row) => {
    const out: Row = {};
    for (const f of schema) {
      const v = row[f.name] ?? null;
      out[f.name] = f.type === 'timestamp' && typeof v === 'number' ? iso(v) : v;
    }
    return out;
  };
}

import { EvaluationError } from '../errors.ts';
import type { Acc } from './accumulators.ts';
import type { Row } from './types.ts';

const FAILED = Symbol('sluice.windowResultError');

/**
 * The error an aggregate UDF raised while computing this window result, if any. The operator chain
 * dead-letters such a row (I8) instead of emitting it, and the rest of the window still fires.
 */
export const windowResultError = (row: Row): EvaluationError | undefined =>
  (row as { [FAILED]?: EvaluationError })[FAILED];

/** What a window result needs to know of its operator's spec. */
export interface WindowResultSpec {
  readonly keys: readonly string[];
  readonly windowStartColumn: string;
  readonly windowEndColumn: string;
}

/**
 * The row a keyed window aggregate (tumble, hop or session) emits for one (window, key): the key
 * columns, each aggregate's result, and the window's start and end.
 */
export function windowResultRow(
  spec: WindowResultSpec,
  result: (acc: Acc, out: Row) => void,
  keyJson: string,
  acc: Acc,
  start: number,
  end: number,
): Row {
  const out: Row = {};
  const keyValues = JSON.parse(keyJson) as unknown[];
  spec.keys.forEach((k, i) => {
    out[k] = keyValues[i] ?? null;
  });
  try {
    result(acc, out);
  } catch (err) {
    if (!(err instanceof EvaluationError)) throw err;
    Object.defineProperty(out, FAILED, { value: err, enumerable: false });
  }
  out[spec.windowStartColumn] = start;
  out[spec.windowEndColumn] = end;
  return out;
}

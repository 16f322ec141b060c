import type { Acc } from './accumulators.ts';
import type { Row } from './types.ts';

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
  result(acc, out);
  out[spec.windowStartColumn] = start;
  out[spec.windowEndColumn] = end;
  return out;
}

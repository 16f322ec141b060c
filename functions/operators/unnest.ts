import type { UnnestSpec } from '../../compiler/spec/index.ts';
import type { Emit, Operator } from './types.ts';

/**
 * UNNEST in the SELECT list: one output row per element of the array in `column`, with the element
 * in `output`; a NULL or empty array emits no row. Event time travels with each row; ids are
 * positional (the n-th output of the input record), so they are deterministic.
 */
export function createUnnest(spec: UnnestSpec, next: Emit): Operator {
  return {
    push(row, t) {
      const items = row[spec.column];
      if (!Array.isArray(items)) return;
      for (const item of items) next({ ...row, [spec.output]: item ?? null }, t, undefined);
    },
    advance() {},
    state: undefined,
    late: 0,
  };
}

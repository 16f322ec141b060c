import type { Row } from '../expr/compile-expr.ts';

export type { Row } from '../expr/compile-expr.ts';

/**
 * Where an operator sends its output rows. `t` is the row's event time (ms). `id` is set for rows
 * with an intrinsic identity (a window result: `<windowStart>:<keyJson>`); stateless operators pass
 * it through unchanged.
 */
export type Emit = (row: Row, t: number, id: string | undefined) => void;

/** Key-group state an operator keeps; serialized per key group (ARCHITECTURE "State in DynamoDB"). */
export interface KeyedState {
  /** Key groups changed since `clearDirty()`. */
  dirtyKeyGroups(): Iterable<number>;
  clearDirty(): void;
  /** Key groups holding state. */
  keyGroups(): Iterable<number>;
  /** JSON-able state of one key group, or undefined when it holds none. */
  exportKeyGroup(kg: number): unknown;
  /** Replaces one key group's state (undefined clears it). */
  importKeyGroup(kg: number, state: unknown): void;
}

export interface Operator {
  push(row: Row, t: number, id: string | undefined): void;
  /** Called when the stage watermark advances to `wm` (monotonic). */
  advance(wm: number): void;
  readonly state: KeyedState | undefined;
  /** Rows dropped as late (t < watermark) so far. */
  readonly late: number;
}

import type { UpdatingJoinSpec, WindowJoinSpec } from '../../compiler/spec/index.ts';
import { EvaluationError } from '../errors.ts';
import { type CompiledExpr, compileExpr } from '../expr/compile-expr.ts';
import { keyGroupOfJson } from '../wire/routing.ts';
import type { Row } from './types.ts';

/** 0 = left input, 1 = right input. */
export type Side = 0 | 1;

export interface KeyedRow {
  readonly side: Side;
  /** JSON of the key values; routes to the key group. */
  readonly keyJson: string;
  readonly kg: number;
  /** SQL: a NULL key equals nothing, so the row never matches (outer joins still emit it). */
  readonly nullKey: boolean;
  /** The row without the side and key columns: just this input's output columns. */
  readonly row: Row;
}

const byJson = (a: readonly [string, Row], b: readonly [string, Row]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** Sorts rows by their JSON text: a canonical order that does not depend on arrival order. */
export function canonicalOrder(rows: readonly Row[]): Row[] {
  return rows
    .map((r) => [JSON.stringify(r), r] as const)
    .sort(byJson)
    .map(([, r]) => r);
}

/** What both join operators share: reading tagged rows, matching and building output rows. */
export class JoinRows {
  private readonly residual: CompiledExpr | undefined;

  constructor(
    private readonly spec: WindowJoinSpec | UpdatingJoinSpec,
    private readonly keyGroups: number,
  ) {
    this.residual = spec.residual === null ? undefined : compileExpr(spec.residual);
  }

  /** Splits a tagged input row into its side, key and own columns. */
  read(input: Row): KeyedRow {
    const { spec } = this;
    const side: Side = input[spec.sideColumn] === 1 ? 1 : 0;
    const keyValues = spec.keys.map((k) => input[k] ?? null);
    const keyJson = JSON.stringify(keyValues);
    const row: Row = {};
    for (const c of side === 0 ? spec.left : spec.right) row[c] = input[c] ?? null;
    return {
      side,
      keyJson,
      kg: keyGroupOfJson(keyJson, this.keyGroups),
      nullKey: keyValues.some((v) => v === null),
      row,
    };
  }

  /** The output row of a pair; a missing side is all NULL. */
  merge(left: Row | null, right: Row | null): Row {
    const out: Row = {};
    for (const c of this.spec.left) out[c] = left === null ? null : (left[c] ?? null);
    for (const c of this.spec.right) out[c] = right === null ? null : (right[c] ?? null);
    return out;
  }

  /** The pair's output row if the rest of ON holds (NULL or an evaluation error count as false). */
  matched(left: Row, right: Row): Row | undefined {
    const out = this.merge(left, right);
    if (this.residual === undefined) return out;
    try {
      return this.residual(out) === true ? out : undefined;
    } catch (err) {
      if (err instanceof EvaluationError) return undefined;
      throw err;
    }
  }

  get keepsUnmatchedLeft(): boolean {
    return this.spec.joinType === 'left' || this.spec.joinType === 'full';
  }

  get keepsUnmatchedRight(): boolean {
    return this.spec.joinType === 'right' || this.spec.joinType === 'full';
  }
}

import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { EvaluationError, SluiceRuntimeError } from '../errors.ts';
import { describeError } from '../excerpt.ts';
import { WM_MIN } from '../wire/watermark.ts';
import { createFusedStateless, isStateless, type StatelessSpec } from './fused-stateless.ts';
import { SessionAggregate } from './session-aggregate.ts';
import { TopN } from './top-n.ts';
import type { Emit, KeyedState, Operator, Row } from './types.ts';
import { createUnnest } from './unnest.ts';
import { UpdatingAggregate } from './updating-aggregate.ts';
import { UpdatingJoin } from './updating-join.ts';
import { WindowAggregate } from './window-aggregate.ts';
import { WindowJoin } from './window-join.ts';
import { windowResultError } from './window-result-row.ts';

export interface OperatorChainOptions {
  /** Number of key groups K of the pipeline (routing and state layout). @default 256 */
  readonly keyGroups?: number;
  /** Receives the chain's output rows; replace later with `setEmit`. */
  readonly emit?: Emit;
  /**
   * Receives a row that failed evaluation downstream of a window (while the watermark fires it),
   * so that one bad result does not lose the rest of the window. Unset: the error propagates.
   */
  readonly onError?: RowErrorHandler;
}

export type RowErrorHandler = (err: EvaluationError, row: Row) => void;

/**
 * The operators of one stage, chained, with no I/O: push rows, advance the watermark, collect
 * outputs. The handler drives it per input record; benchmarks and unit tests drive it directly.
 */
export interface OperatorChain {
  /** Feeds one input row with its event time. Throws EvaluationError for a row it cannot evaluate. */
  push(row: Row, t: number): void;
  /** Advances the stage watermark (monotonic; lower values are ignored) and fires due windows. */
  advanceWatermark(wm: number): void;
  /** Sets the watermark from a committed checkpoint without firing anything. */
  restoreWatermark(wm: number): void;
  readonly watermark: number;
  /** Late rows dropped so far by window operators. */
  readonly late: number;
  /** Key-group state of all stateful operators (undefined for a stateless chain). */
  readonly state: KeyedState | undefined;
  setEmit(emit: Emit): void;
  setErrorHandler(onError: RowErrorHandler | undefined): void;
}

export function createOperatorChain(
  stage: { readonly operators: readonly OperatorSpec[] },
  opts: OperatorChainOptions = {},
): OperatorChain {
  const keyGroups = opts.keyGroups ?? 256;
  let emit: Emit = opts.emit ?? (() => {});
  let onError: RowErrorHandler | undefined = opts.onError;
  let next: Emit = (row, t, id) => emit(row, t, id);
  const ops: Operator[] = [];
  for (let i = stage.operators.length - 1; i >= 0; i--) {
    const spec = stage.operators[i]!;
    let op: Operator;
    if (isStateless(spec)) {
      // Fuse the whole run of consecutive filter/project operators ending here into one function.
      let j = i;
      while (j > 0 && isStateless(stage.operators[j - 1]!)) j--;
      op = createFusedStateless(stage.operators.slice(j, i + 1) as StatelessSpec[], next);
      i = j;
    } else {
      op = build(spec, keyGroups, guard(next));
    }
    ops.unshift(op);
    next = op.push.bind(op);
  }
  const head = next;
  function guard(inner: Emit): Emit {
    return (row, t, id) => {
      try {
        const failed = windowResultError(row);
        if (failed !== undefined) throw failed;
        inner(row, t, id);
      } catch (err) {
        // I8: any exception of a window result (a RangeError, a UDF's TypeError) dead-letters
        // that row; sluice's own other errors (BadDataFailure) still propagate.
        if (onError && err instanceof EvaluationError) onError(err, row);
        else if (onError && !(err instanceof SluiceRuntimeError))
          onError(new EvaluationError(describeError(err)), row);
        else throw err;
      }
    };
  }
  const windows = ops.filter(
    (op): op is Operator & { restoreWatermark(wm: number): void } => 'restoreWatermark' in op,
  );
  const stateful = ops
    .map((op, i) => [i, op.state] as const)
    .filter((e): e is [number, KeyedState] => !!e[1]);
  let watermark = WM_MIN;

  return {
    push(row, t) {
      head(row, t, undefined);
    },
    advanceWatermark(wm) {
      if (wm <= watermark) return;
      watermark = wm;
      for (const op of ops) op.advance(wm);
    },
    restoreWatermark(wm) {
      watermark = wm;
      for (const w of windows) w.restoreWatermark(wm);
    },
    get watermark() {
      return watermark;
    },
    get late() {
      return ops.reduce((n, op) => n + op.late, 0);
    },
    state: stateful.length === 0 ? undefined : mergeStates(stateful),
    setEmit(fn) {
      emit = fn;
    },
    setErrorHandler(fn) {
      onError = fn;
    },
  };
}

function build(spec: OperatorSpec, keyGroups: number, next: Emit): Operator {
  switch (spec.kind) {
    case 'filter':
    case 'project':
      return createFusedStateless([spec], next);
    case 'window_aggregate':
      return spec.window.kind === 'session'
        ? new SessionAggregate(spec, keyGroups, next)
        : new WindowAggregate(spec, keyGroups, next);
    case 'top_n':
      return new TopN(spec, keyGroups, next);
    case 'updating_aggregate':
      return new UpdatingAggregate(spec, keyGroups, next);
    case 'unnest':
      return createUnnest(spec, next);
    case 'window_join':
      return new WindowJoin(spec, keyGroups, next);
    case 'updating_join':
      return new UpdatingJoin(spec, keyGroups, next);
    default: {
      const never: never = spec;
      throw new Error(`unknown operator ${JSON.stringify(never)}`);
    }
  }
}

/** One key-group state over several stateful operators: `{ "<operator index>": state }`. */
function mergeStates(parts: readonly (readonly [number, KeyedState])[]): KeyedState {
  return {
    *dirtyKeyGroups() {
      const seen = new Set<number>();
      for (const [, s] of parts) for (const kg of s.dirtyKeyGroups()) seen.add(kg);
      yield* seen;
    },
    clearDirty() {
      for (const [, s] of parts) s.clearDirty();
    },
    *keyGroups() {
      const seen = new Set<number>();
      for (const [, s] of parts) for (const kg of s.keyGroups()) seen.add(kg);
      yield* seen;
    },
    exportKeyGroup(kg) {
      const out: Record<string, unknown> = {};
      let any = false;
      for (const [i, s] of parts) {
        const st = s.exportKeyGroup(kg);
        if (st !== undefined) {
          out[i] = st;
          any = true;
        }
      }
      return any ? out : undefined;
    },
    importKeyGroup(kg, state) {
      const byOp = (state ?? {}) as Record<string, unknown>;
      for (const [i, s] of parts) s.importKeyGroup(kg, byOp[i]);
    },
  };
}

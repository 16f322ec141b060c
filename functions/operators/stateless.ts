import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { compileExpr, compileProjection } from '../expr/compile-expr.ts';
import { mapChange } from './change-row.ts';
import type { Emit, Operator } from './types.ts';

/** WHERE: passes rows whose predicate is TRUE (NULL and FALSE drop the row). */
export function createFilter(spec: Extract<OperatorSpec, { kind: 'filter' }>, next: Emit): Operator {
  const pred = compileExpr(spec.predicate);
  return {
    push(row, t, id) {
      const out = mapChange(row, (r) => (pred(r) === true ? r : undefined));
      if (out !== undefined) next(out, t, id);
    },
    advance() {},
    state: undefined,
    late: 0,
  };
}

/** SELECT list: replaces the row with the listed columns; event time and id travel with it. */
export function createProject(spec: Extract<OperatorSpec, { kind: 'project' }>, next: Emit): Operator {
  const project = compileProjection(spec.columns);
  return {
    push(row, t, id) {
      const out = mapChange(row, project);
      if (out !== undefined) next(out, t, id);
    },
    advance() {},
    state: undefined,
    late: 0,
  };
}

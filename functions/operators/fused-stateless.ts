import type { OperatorSpec } from '../../compiler/spec/index.ts';
import { ExprCodegen } from '../expr/compile-expr.ts';
import { runtime } from '../expr/runtime.ts';
import { mapChange } from './change-row.ts';
import type { Emit, Operator, Row } from './types.ts';

export type StatelessSpec = Extract<OperatorSpec, { kind: 'filter' | 'project' }>;

export const isStateless = (op: OperatorSpec): op is StatelessSpec =>
  op.kind === 'filter' || op.kind === 'project';

/**
 * A run of consecutive filter/project operators compiled into ONE generated function, so a row
 * crosses one call instead of one per operator (operator fusion, as Flink/Arroyo chain operators).
 * Semantics are those of the operators applied in order: a filter passes rows whose predicate is
 * TRUE; a project replaces the row with its columns. A change row (a Debezium source's) is mapped
 * side by side (change-row.ts mapChange).
 */
export function createFusedStateless(specs: readonly StatelessSpec[], next: Emit): Operator {
  const gen = new ExprCodegen();
  const steps = specs.map((spec) => {
    switch (spec.kind) {
      case 'filter':
        return `if (${gen.gen(spec.predicate)} !== true) return undefined;`;
      case 'project':
        return `r = { ${spec.columns.map((c) => `${JSON.stringify(c.name)}: ${gen.gen(c.expr)}`).join(', ')} };`;
      default: {
        const never: never = spec;
        throw new Error(`unknown stateless operator ${JSON.stringify(never)}`);
      }
    }
  });
  const src = `"use strict"; return function fused(r) { ${gen.tempDecl()} ${steps.join(' ')} return r; };`;
  const fn = new Function('h', 'c', src)(runtime, gen.consts) as (row: Row) => Row | undefined;
  return {
    push(row, t, id) {
      const out = mapChange(row, fn);
      if (out !== undefined) next(out, t, id);
    },
    advance() {},
    state: undefined,
    late: 0,
  };
}

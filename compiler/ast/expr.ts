import type { Pos } from '../errors/sql-error.ts';

/** sluice's own SQL expression AST, independent of the parser library. Immutable. */
export type AstBinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | '||';

export type AstType =
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'timestamp'
  | 'string[]'
  | 'int[]'
  | 'float[]'
  | 'bool[]'
  | 'timestamp[]';

export type AstLiteral =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'null'; readonly value: null }
  /** `TIMESTAMP '…'`, as epoch milliseconds. */
  | { readonly type: 'timestamp'; readonly value: number };

export type AstExpr =
  /** `a`, `t.a`, `window.start`: the dotted parts, unresolved. */
  | { readonly kind: 'ident'; readonly parts: readonly string[]; readonly pos: Pos }
  | { readonly kind: 'literal'; readonly literal: AstLiteral; readonly pos: Pos }
  /** `INTERVAL '…'`, only meaningful as a window size. */
  | { readonly kind: 'interval'; readonly ms: number; readonly pos: Pos }
  | {
      readonly kind: 'binary';
      readonly op: AstBinaryOp;
      readonly left: AstExpr;
      readonly right: AstExpr;
      readonly pos: Pos;
    }
  | { readonly kind: 'unary'; readonly op: 'not' | 'neg'; readonly operand: AstExpr; readonly pos: Pos }
  | {
      readonly kind: 'case';
      readonly operand: AstExpr | null;
      readonly whens: readonly { readonly when: AstExpr; readonly then: AstExpr }[];
      readonly else: AstExpr | null;
      readonly pos: Pos;
    }
  | { readonly kind: 'cast'; readonly expr: AstExpr; readonly to: AstType; readonly pos: Pos }
  | { readonly kind: 'is_null'; readonly expr: AstExpr; readonly negated: boolean; readonly pos: Pos }
  | {
      readonly kind: 'like';
      readonly expr: AstExpr;
      readonly pattern: AstExpr;
      readonly negated: boolean;
      readonly pos: Pos;
    }
  | {
      readonly kind: 'in_list';
      readonly expr: AstExpr;
      readonly list: readonly AstExpr[];
      readonly negated: boolean;
      readonly pos: Pos;
    }
  /**
   * A function call; `star` for `count(*)`, `distinct` for `count(DISTINCT x)`, `over` for a window
   * function (`row_number() OVER (…)`). Aggregates and window functions are calls too.
   */
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly AstExpr[];
      readonly star: boolean;
      readonly distinct?: boolean;
      readonly over?: AstOver;
      readonly pos: Pos;
    };

/** `OVER (PARTITION BY … ORDER BY …)` of a window function. */
export interface AstOver {
  readonly partitionBy: readonly AstExpr[];
  readonly orderBy: readonly AstOrderItem[];
  readonly pos: Pos;
}

export interface AstOrderItem {
  readonly expr: AstExpr;
  readonly desc: boolean;
  /** Explicit NULLS FIRST / NULLS LAST, or null for the default (NULLS LAST, as DuckDB). */
  readonly nullsFirst: boolean | null;
}

/** Direct sub-expressions, for generic walks. */
export function children(e: AstExpr): readonly AstExpr[] {
  switch (e.kind) {
    case 'ident':
    case 'literal':
    case 'interval':
      return [];
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'case':
      return [
        ...(e.operand ? [e.operand] : []),
        ...e.whens.flatMap((w) => [w.when, w.then]),
        ...(e.else ? [e.else] : []),
      ];
    case 'cast':
    case 'is_null':
      return [e.expr];
    case 'like':
      return [e.expr, e.pattern];
    case 'in_list':
      return [e.expr, ...e.list];
    case 'call':
      return e.args;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** True if `pred` holds for `e` or any sub-expression. */
export function someExpr(e: AstExpr, pred: (x: AstExpr) => boolean): boolean {
  return pred(e) || children(e).some((c) => someExpr(c, pred));
}

import { z } from 'zod';
import { LIBRARY_FNS } from './library-fns.ts';
import { type ScalarType, scalarType } from './types.ts';

/**
 * The expression IR carried in a PipelineSpec. Names are resolved by the compiler: a `column`
 * refers to a field of the row entering the operator, by name. Every node states its result type.
 * SQL three-valued logic applies: any NULL operand makes arithmetic, comparison and most calls NULL.
 */
export const binaryOp = z.enum(['+', '-', '*', '/', '%', '=', '<>', '<', '<=', '>', '>=', 'and', 'or', '||']);
export type BinaryOp = z.infer<typeof binaryOp>;

export const scalarFn = z.enum([
  'upper',
  'lower',
  'length',
  'concat',
  'substr',
  'coalesce',
  'abs',
  'round',
  ...LIBRARY_FNS,
]);
export type ScalarFn = z.infer<typeof scalarFn>;

export type Expr =
  | { readonly kind: 'column'; readonly name: string; readonly type: ScalarType }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly type: ScalarType }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly type: ScalarType;
    }
  | { readonly kind: 'unary'; readonly op: 'not' | 'neg'; readonly operand: Expr; readonly type: ScalarType }
  | {
      readonly kind: 'case';
      readonly operand: Expr | null;
      readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
      readonly else: Expr | null;
      readonly type: ScalarType;
    }
  | { readonly kind: 'cast'; readonly expr: Expr; readonly type: ScalarType }
  | { readonly kind: 'is_null'; readonly expr: Expr; readonly negated: boolean; readonly type: 'bool' }
  | {
      readonly kind: 'like';
      readonly expr: Expr;
      readonly pattern: Expr;
      readonly negated: boolean;
      readonly type: 'bool';
    }
  | {
      readonly kind: 'in_list';
      readonly expr: Expr;
      readonly list: readonly Expr[];
      readonly negated: boolean;
      readonly type: 'bool';
    }
  | {
      readonly kind: 'call';
      readonly fn: ScalarFn;
      readonly args: readonly Expr[];
      readonly type: ScalarType;
    }
  /**
   * A scalar TypeScript UDF (udf-spec.ts), by id. A NULL argument for a parameter not declared
   * `T | null` makes the result NULL without a call; `nullable` is the declared result's.
   */
  | {
      readonly kind: 'udf';
      readonly udf: string;
      readonly args: readonly Expr[];
      readonly type: ScalarType;
      readonly nullable: boolean;
    };

export const expr: z.ZodType<Expr> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('column'), name: z.string(), type: scalarType }),
    z.object({
      kind: z.literal('literal'),
      value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
      type: scalarType,
    }),
    z.object({ kind: z.literal('binary'), op: binaryOp, left: expr, right: expr, type: scalarType }),
    z.object({ kind: z.literal('unary'), op: z.enum(['not', 'neg']), operand: expr, type: scalarType }),
    z.object({
      kind: z.literal('case'),
      operand: expr.nullable(),
      whens: z.array(z.object({ when: expr, then: expr })),
      else: expr.nullable(),
      type: scalarType,
    }),
    z.object({ kind: z.literal('cast'), expr, type: scalarType }),
    z.object({ kind: z.literal('is_null'), expr, negated: z.boolean(), type: z.literal('bool') }),
    z.object({ kind: z.literal('like'), expr, pattern: expr, negated: z.boolean(), type: z.literal('bool') }),
    z.object({
      kind: z.literal('in_list'),
      expr,
      list: z.array(expr),
      negated: z.boolean(),
      type: z.literal('bool'),
    }),
    z.object({ kind: z.literal('call'), fn: scalarFn, args: z.array(expr), type: scalarType }),
    z.object({
      kind: z.literal('udf'),
      udf: z.string(),
      args: z.array(expr),
      type: scalarType,
      nullable: z.boolean(),
    }),
  ]),
);

import type { Expr } from '../spec/expr.ts';
import type { Field } from '../spec/types.ts';

/** Whether an expression can be NULL, given the nullability of the input row's fields. */
export function isNullable(e: Expr, input: readonly Field[]): boolean {
  const rec = (x: Expr): boolean => isNullable(x, input);
  switch (e.kind) {
    case 'column':
      return input.find((f) => f.name === e.name)?.nullable ?? true;
    case 'literal':
      return e.value === null;
    case 'binary':
      return rec(e.left) || rec(e.right);
    case 'unary':
      return rec(e.operand);
    case 'case':
      return e.else === null || rec(e.else) || e.whens.some((w) => rec(w.then));
    case 'cast':
    case 'is_null':
      return e.kind === 'cast' ? rec(e.expr) : false;
    case 'like':
      return rec(e.expr) || rec(e.pattern);
    case 'in_list':
      return rec(e.expr) || e.list.some(rec);
    case 'call':
      if (e.fn === 'coalesce') return e.args.every(rec);
      // JSON accessors, split_part of a missing part, etc. can be NULL for non-NULL arguments.
      return e.fn.startsWith('json_') || e.fn === 'extract_json_string' || e.args.some(rec);
    case 'udf':
      // A NULL argument gives NULL unless its parameter takes NULL; either way at most this.
      return e.nullable || e.args.some(rec);
    default: {
      const never: never = e;
      return never;
    }
  }
}

import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { Expr } from '../spec/expr.ts';
import type { ScalarType } from '../spec/types.ts';
import { castHint, sqlTypeName, unify } from './type-rules.ts';

/** `if(cond, a, b)` and `nullif(a, b)`, bound as CASE expressions; undefined for other names. */
export function bindConditional(name: string, args: readonly Expr[], pos: Pos): Expr | undefined {
  if (name !== 'if' && name !== 'nullif') return undefined;
  const usage = name === 'if' ? 'if(condition, then, else)' : 'nullif(value, other)';
  if (args.length !== (name === 'if' ? 3 : 2))
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      pos,
      `${name}() takes ${name === 'if' ? 3 : 2} arguments, got ${args.length}`,
      `write ${usage}`,
    );
  const unified = (a: Expr, b: Expr, what: string): ScalarType => {
    const u = unify(a.type, b.type);
    if (u === null)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `${name}() ${what} mix ${sqlTypeName(a.type)} and ${sqlTypeName(b.type)}`,
        castHint('one of them', a.type),
      );
    return u;
  };
  if (name === 'if') {
    const [cond, then, other] = args as [Expr, Expr, Expr];
    if (cond.type !== 'bool' && cond.type !== 'null')
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `if() needs a BOOLEAN condition, got ${sqlTypeName(cond.type)}`,
        'compare the value, e.g. if(x > 0, …, …)',
      );
    const type = unified(then, other, 'branches');
    return { kind: 'case', operand: null, whens: [{ when: cond, then }], else: other, type };
  }
  const [value, other] = args as [Expr, Expr];
  unified(value, other, 'arguments');
  const type = value.type === 'null' ? other.type : value.type;
  return {
    kind: 'case',
    operand: null,
    whens: [
      {
        when: { kind: 'binary', op: '=', left: value, right: other, type: 'bool' },
        then: { kind: 'literal', value: null, type },
      },
    ],
    else: value,
    type,
  };
}

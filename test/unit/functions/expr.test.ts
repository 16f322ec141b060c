import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../compiler/spec/index.ts';
import { EvaluationError } from '../../../functions/errors.ts';
import { compileExpr, compileProjection } from '../../../functions/expr/compile-expr.ts';
import { bin, call, col, lit } from './fixtures.ts';

const ev = (e: Expr, row: Record<string, unknown> = {}) => compileExpr(e)(row);
const T = lit(true);
const F = lit(false);
const N = lit(null, 'bool');

describe('expressions', () => {
  it('arithmetic with NULL propagation and integer division', () => {
    expect(ev(bin('+', col('a'), lit(2)), { a: 3 })).toBe(5);
    expect(ev(bin('+', col('a'), lit(2)), { a: null })).toBeNull();
    expect(ev(bin('+', col('a'), lit(2)), {})).toBeNull();
    expect(ev(bin('/', lit(7), lit(2)))).toBe(3);
    expect(ev(bin('/', lit(-7), lit(2)))).toBe(-3);
    expect(ev(bin('/', lit(7.0, 'float'), lit(2)))).toBe(3.5);
    expect(ev(bin('%', lit(-7), lit(3)))).toBe(-1);
    expect(ev(bin('*', lit(null, 'int'), lit(3)))).toBeNull();
    expect(ev({ kind: 'unary', op: 'neg', operand: col('a'), type: 'int' }, { a: 4 })).toBe(-4);
  });

  it('division and modulo by zero are evaluation errors', () => {
    expect(() => ev(bin('/', lit(1), lit(0)))).toThrow(EvaluationError);
    expect(() => ev(bin('%', lit(1), lit(0)))).toThrow(EvaluationError);
    expect(() => ev(bin('/', lit(1.5, 'float'), lit(0.0, 'float')))).toThrow(/division by zero/);
    expect(ev(bin('/', lit(null, 'int'), lit(0)))).toBeNull();
  });

  it('three-valued AND / OR / NOT', () => {
    const and = (a: Expr, b: Expr) => ev(bin('and', a, b));
    const or = (a: Expr, b: Expr) => ev(bin('or', a, b));
    expect([and(T, T), and(T, F), and(T, N), and(F, N), and(N, F), and(N, N)]).toEqual([
      true,
      false,
      null,
      false,
      false,
      null,
    ]);
    expect([or(T, N), or(N, T), or(F, N), or(F, F), or(N, N)]).toEqual([true, true, null, false, null]);
    const not = (a: Expr) => ev({ kind: 'unary', op: 'not', operand: a, type: 'bool' });
    expect([not(T), not(F), not(N)]).toEqual([false, true, null]);
  });

  it('comparisons', () => {
    expect(ev(bin('=', col('s', 'string'), lit('x')), { s: 'x' })).toBe(true);
    expect(ev(bin('<>', col('s', 'string'), lit('x')), { s: 'y' })).toBe(true);
    expect(ev(bin('<', col('a'), lit(3)), { a: null })).toBeNull();
    expect(ev(bin('>=', lit(3), lit(3)))).toBe(true);
  });

  it('LIKE with % and _, regex characters literal, NULLs', () => {
    const like = (s: string | null, p: string, negated = false) =>
      ev({ kind: 'like', expr: lit(s, 'string'), pattern: lit(p), negated, type: 'bool' });
    expect(like('hello', 'h%')).toBe(true);
    expect(like('hello', 'h_llo')).toBe(true);
    expect(like('hello', 'h_lo')).toBe(false);
    expect(like('a.c', 'a.c')).toBe(true);
    expect(like('abc', 'a.c')).toBe(false);
    expect(like('(x)*', '(x)*')).toBe(true);
    expect(like('multi\nline', 'multi%')).toBe(true);
    expect(like(null, '%')).toBeNull();
    expect(like('abc', 'a%', true)).toBe(false);
    const dyn: Expr = {
      kind: 'like',
      expr: col('s', 'string'),
      pattern: col('p', 'string'),
      negated: false,
      type: 'bool',
    };
    expect(ev(dyn, { s: 'abc', p: '%c' })).toBe(true);
    expect(ev(dyn, { s: 'abc', p: null })).toBeNull();
  });

  it('IN lists with NULL semantics', () => {
    const inl = (x: Expr, list: Expr[], negated = false) =>
      ev({ kind: 'in_list', expr: x, list, negated, type: 'bool' });
    expect(inl(lit(1), [lit(1), lit(2)])).toBe(true);
    expect(inl(lit(3), [lit(1), lit(2)])).toBe(false);
    expect(inl(lit(3), [lit(1), lit(null, 'int')])).toBeNull();
    expect(inl(lit(1), [lit(1), lit(null, 'int')])).toBe(true);
    expect(inl(lit(null, 'int'), [lit(1)])).toBeNull();
    expect(inl(lit(3), [lit(1), lit(2)], true)).toBe(true);
    expect(inl(lit(3), [lit(1), lit(null, 'int')], true)).toBeNull();
    expect(
      ev(
        { kind: 'in_list', expr: lit(2), list: [col('a'), col('b')], negated: false, type: 'bool' },
        { a: null, b: 2 },
      ),
    ).toBe(true);
    expect(
      ev(
        { kind: 'in_list', expr: lit(2), list: [col('a'), col('b')], negated: false, type: 'bool' },
        { a: null, b: 3 },
      ),
    ).toBeNull();
    expect(
      ev(
        { kind: 'in_list', expr: lit(2), list: [col('a'), col('b')], negated: true, type: 'bool' },
        { a: 1, b: 3 },
      ),
    ).toBe(true);
  });

  it('IS NULL and CASE', () => {
    expect(ev({ kind: 'is_null', expr: col('a'), negated: false, type: 'bool' }, { a: null })).toBe(true);
    expect(ev({ kind: 'is_null', expr: col('a'), negated: true, type: 'bool' }, { a: 1 })).toBe(true);
    const searched: Expr = {
      kind: 'case',
      operand: null,
      whens: [
        { when: bin('>', col('a'), lit(10)), then: lit('big') },
        { when: bin('>', col('a'), lit(5)), then: lit('mid') },
      ],
      else: lit('small'),
      type: 'string',
    };
    expect([
      ev(searched, { a: 11 }),
      ev(searched, { a: 6 }),
      ev(searched, { a: 1 }),
      ev(searched, { a: null }),
    ]).toEqual(['big', 'mid', 'small', 'small']);
    const simple: Expr = {
      kind: 'case',
      operand: col('a'),
      whens: [{ when: lit(1), then: lit('one') }],
      else: null,
      type: 'string',
    };
    expect([ev(simple, { a: 1 }), ev(simple, { a: 2 }), ev(simple, { a: null })]).toEqual([
      'one',
      null,
      null,
    ]);
  });

  it('string functions: concat skips NULLs, || propagates, substr is 1-based, length counts characters', () => {
    expect(ev(call('concat', [lit('a'), lit(null, 'string'), lit(1)], 'string'))).toBe('a1');
    expect(ev(bin('||', lit('a'), lit(null, 'string')))).toBeNull();
    expect(ev(bin('||', lit('a'), lit(1)))).toBe('a1');
    expect(ev(bin('||', lit('x'), lit(true)))).toBe('xtrue');
    expect(ev(call('substr', [lit('hello'), lit(2), lit(3)], 'string'))).toBe('ell');
    expect(ev(call('substr', [lit('hello'), lit(2)], 'string'))).toBe('ello');
    expect(ev(call('substr', [lit('hello'), lit(0), lit(2)], 'string'))).toBe('h');
    expect(ev(call('substr', [lit('hello'), lit(-3), lit(2)], 'string'))).toBe('ll');
    expect(ev(call('substr', [lit('h😀llo'), lit(2), lit(2)], 'string'))).toBe('😀l');
    expect(ev(call('substr', [lit(null, 'string'), lit(2)], 'string'))).toBeNull();
    expect(ev(call('length', [lit('h😀')], 'int'))).toBe(2);
    expect(ev(call('length', [lit(null, 'string')], 'int'))).toBeNull();
    expect(ev(call('upper', [lit('abc')], 'string'))).toBe('ABC');
    expect(ev(call('lower', [lit('ABC')], 'string'))).toBe('abc');
    expect(ev(call('coalesce', [lit(null, 'int'), col('a'), lit(3)], 'int'), { a: null })).toBe(3);
    expect(ev(call('coalesce', [lit(null, 'int'), col('a'), lit(3)], 'int'), { a: 2 })).toBe(2);
  });

  it('numeric functions: abs, round half away from zero', () => {
    expect(ev(call('abs', [lit(-3)], 'int'))).toBe(3);
    expect(ev(call('round', [lit(2.5, 'float')], 'float'))).toBe(3);
    expect(ev(call('round', [lit(-2.5, 'float')], 'float'))).toBe(-3);
    // As DuckDB: 1.005·100 is 100.4999… in binary, so round(1.005, 2) = 1 (checked against DuckDB).
    expect(ev(call('round', [lit(1.005, 'float'), lit(2)], 'float'))).toBe(1);
    expect(ev(call('round', [lit(-1.235, 'float'), lit(2)], 'float'))).toBe(-1.24);
    expect(ev(call('round', [lit(1250), lit(-2)], 'int'))).toBe(1300);
    expect(ev(call('round', [lit(7), lit(1)], 'int'))).toBe(7);
    expect(ev(call('round', [lit(null, 'float')], 'float'))).toBeNull();
  });

  it('casts', () => {
    const cast = (e: Expr, type: Expr['type']) => ev({ kind: 'cast', expr: e, type });
    expect(cast(lit('42'), 'int')).toBe(42);
    expect(cast(lit(' -7 '), 'int')).toBe(-7);
    expect(() => cast(lit('4x'), 'int')).toThrow(EvaluationError);
    expect(() => cast(lit('1.5'), 'int')).toThrow(EvaluationError);
    expect(cast(lit('1.5'), 'float')).toBe(1.5);
    expect(() => cast(lit('abc'), 'float')).toThrow(EvaluationError);
    expect(cast(lit(2.5, 'float'), 'int')).toBe(3);
    expect(cast(lit(3), 'float')).toBe(3);
    expect(cast(lit(3), 'string')).toBe('3');
    expect(cast(lit(1.5, 'float'), 'string')).toBe('1.5');
    expect(cast(lit(true), 'string')).toBe('true');
    expect(cast(lit('true'), 'bool')).toBe(true);
    expect(cast(lit(0), 'bool')).toBe(false);
    expect(cast(lit('2024-01-02T03:04:05Z'), 'timestamp')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(cast(lit('2024-01-02 03:04:05'), 'timestamp')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(() => cast(lit('yesterday'), 'timestamp')).toThrow(EvaluationError);
    expect(cast(lit(Date.UTC(2024, 0, 2), 'timestamp'), 'string')).toBe('2024-01-02T00:00:00.000Z');
    expect(cast(lit(1000, 'timestamp'), 'int')).toBe(1000);
    expect(cast(lit(null, 'string'), 'int')).toBeNull();
    expect(ev(bin('<', col('ts', 'timestamp'), lit('2024-01-01T00:00:00Z', 'timestamp')), { ts: 0 })).toBe(
      true,
    );
  });

  it('projections build new rows', () => {
    const p = compileProjection([
      { name: 'x', expr: bin('*', col('a'), lit(2)) },
      { name: 'label', expr: bin('||', lit('u:'), col('u', 'string')) },
    ]);
    expect(p({ a: 2, u: 'z', extra: 1 })).toEqual({ x: 4, label: 'u:z' });
  });
});

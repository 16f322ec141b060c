import { describe, expect, it } from 'vitest';
import { lib } from '../../../functions/expr/library-implementations.ts';

/** Edge cases, each value as DuckDB 1.x answers it (probed by hand; breadth_scalar.sql covers the rest). */
describe('scalar library edge cases (DuckDB semantics)', () => {
  it('strings', () => {
    expect(lib.left('abc', -1)).toBe('ab');
    expect(lib.right('abcd', 2)).toBe('cd');
    expect(lib.right('abc', -1)).toBe('bc');
    expect(lib.lpad('abc', -1, 'x')).toBe('');
    expect(lib.lpad('ab', 5, 'x')).toBe('xxxab');
    expect(lib.rpad('ab', 1, 'x')).toBe('a');
    expect(lib.split_part('a,b,c', ',', 2)).toBe('b');
    expect(lib.split_part('a,b,c', ',', 5)).toBe('');
    expect(lib.split_part('abc', '', 1)).toBe('a');
    expect(lib.strpos('abc', 'c')).toBe(3);
    expect(lib.strpos('abc', '')).toBe(1);
    expect(lib.strpos('😀abc', 'b')).toBe(3);
    expect(lib.trim('  a ')).toBe('a');
    expect(lib.ltrim('xxaxx', 'x')).toBe('axx');
    expect(lib.replace('abcb', 'b', 'x')).toBe('axcx');
    expect(lib.reverse('abc')).toBe('cba');
    expect(lib.regexp_replace('aaa', 'a', 'b')).toBe('baa');
    expect(lib.regexp_replace('aaa', 'a', 'b', 'g')).toBe('bbb');
    expect(lib.regexp_replace('ab', '(a)(b)', '\\2\\1')).toBe('ba');
    expect(lib.regexp_like('abc', 'b')).toBe(true);
  });

  it('math', () => {
    expect(lib.greatest(1, null, 3)).toBe(3);
    expect(lib.least(null, 2)).toBe(2);
    expect(lib.greatest(null, null)).toBeNull();
    expect(lib.mod(-7, 3)).toBe(-1);
    expect(lib.sign(-3)).toBe(-1);
    expect(() => lib.sqrt(-1)).toThrow(/square root/);
    expect(() => lib.ln(0)).toThrow(/logarithm of zero/);
  });

  it('time (UTC)', () => {
    const ts = Date.parse('2024-01-01T10:33:07.500Z');
    expect(lib.date_trunc('hour', ts)).toBe(Date.parse('2024-01-01T10:00:00Z'));
    expect(lib.date_trunc('week', ts)).toBe(Date.parse('2024-01-01T00:00:00Z'));
    expect(lib.date_trunc('quarter', Date.parse('2024-05-17T00:00:00Z'))).toBe(
      Date.parse('2024-04-01T00:00:00Z'),
    );
    expect(lib.date_part('second', ts)).toBe(7);
    expect(lib.date_part('millisecond', ts)).toBe(7500);
    expect(lib.date_part('dow', ts)).toBe(1);
    expect(lib.date_part('epoch', ts)).toBe(1704105187.5);
    expect(
      lib.date_diff('second', Date.parse('2024-01-01T10:33:00Z'), Date.parse('2024-01-01T10:34:30Z')),
    ).toBe(90);
    expect(
      lib.date_diff('hour', Date.parse('2024-01-01T10:59:00Z'), Date.parse('2024-01-01T11:01:00Z')),
    ).toBe(1);
    expect(lib.to_timestamp(1700000000)).toBe(1700000000000);
  });

  it('JSON text', () => {
    const j = '{"a":{"b":[1,2,{"c":"x"}]},"s":"t","f":1.5,"ok":true}';
    expect(lib.json_get_int(j, 'a', 'b', 1)).toBe(2);
    expect(lib.json_get_str(j, 'a', 'b', -1, 'c')).toBe('x');
    expect(lib.json_get_str(j, 'f')).toBeNull();
    expect(lib.json_get_float(j, 'f')).toBe(1.5);
    expect(lib.json_get_bool(j, 'ok')).toBe(true);
    expect(lib.json_get(j, 'a', 'b')).toBe('[1,2,{"c":"x"}]');
    expect(lib.json_get_str('not json', 's')).toBeNull();
    expect(lib.extract_json_string(j, '$.a.b[2].c')).toBe('x');
    expect(lib.extract_json_string(j, '$.a')).toBe('{"b":[1,2,{"c":"x"}]}');
  });
});

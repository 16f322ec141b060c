import { describe, expect, it } from 'vitest';
import { formatInterval, parseInterval } from '../../../compiler/parse/interval.ts';

describe('parseInterval', () => {
  it.each([
    ['1 minute', null, 60_000],
    ['30 seconds', null, 30_000],
    ['2 hours', null, 7_200_000],
    ['1 day', null, 86_400_000],
    ['500 ms', null, 500],
    ['250 milliseconds', null, 250],
    ['1 hour 30 minutes', null, 5_400_000],
    ['1', 'MINUTE', 60_000],
    ['5', 'Second', 5000],
    ['1.5', 'second', 1500],
  ])('%s %s → %d ms', (text, unit, ms) => {
    expect(parseInterval(text, unit)).toEqual({ ms });
  });

  it.each([
    ['1 fortnight', null, /unknown unit/],
    ['minute', null, /invalid interval/],
    ['0 seconds', null, /positive/],
    ['x', 'SECOND', /invalid interval/],
    ['1', 'YEAR', /unsupported interval unit/],
    ['0.5 ms', null, /whole number/],
  ])('refuses %s %s', (text, unit, re) => {
    const r = parseInterval(text, unit);
    expect('error' in r && r.error).toMatch(re);
  });

  it('formats back', () => {
    expect(formatInterval(60_000)).toBe('1 minute');
    expect(formatInterval(7_200_000)).toBe('2 hours');
    expect(formatInterval(1500)).toBe('1500 ms');
  });
});

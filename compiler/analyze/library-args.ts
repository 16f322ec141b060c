import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { Expr } from '../spec/expr.ts';
import type { LibraryFn } from '../spec/library-fns.ts';
import type { ScalarType } from '../spec/types.ts';
import { castHint, sqlTypeName } from './type-rules.ts';

/** Unit spellings folded to one name (DuckDB's plural and short forms). */
const UNIT_ALIASES: Readonly<Record<string, string>> = {
  milliseconds: 'millisecond',
  ms: 'millisecond',
  seconds: 'second',
  s: 'second',
  minutes: 'minute',
  m: 'minute',
  hours: 'hour',
  h: 'hour',
  days: 'day',
  d: 'day',
  weeks: 'week',
  months: 'month',
  quarters: 'quarter',
  years: 'year',
  dayofweek: 'dow',
  dayofyear: 'doy',
};

export const isText = (t: ScalarType): boolean => t === 'string' || t === 'null';
export const isInt = (t: ScalarType): boolean => t === 'int' || t === 'null';
export const isTime = (t: ScalarType): boolean => t === 'timestamp' || t === 'null';

/** An argument kind of a text function's signature. */
export type TextArg = 'text' | 'int';

/**
 * The arguments of one library call, as the SQL named it (`name`, maybe an alias of `fn`): checks
 * of their number and types that throw SQL errors at `pos`, and the typed call they make.
 */
export class LibraryArgs {
  constructor(
    private readonly name: string,
    private readonly fn: LibraryFn,
    public args: readonly Expr[],
    private readonly pos: Pos,
  ) {}

  /** Between `min` and `max` arguments (99: no upper bound); `usage` shows how to call it. */
  arity(min: number, max: number, usage: string): void {
    const n = this.args.length;
    if (n < min || n > max)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        this.pos,
        `${this.name}() takes ${min === max ? min : max === 99 ? `at least ${min}` : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${n}`,
        `write ${usage}`,
      );
  }

  /** Argument `i`, if given, has a type `ok` accepts (`what`, or a cast to `to`). */
  want(i: number, ok: (t: ScalarType) => boolean, what: string, to: ScalarType): void {
    const a = this.args[i];
    if (a !== undefined && !ok(a.type))
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        this.pos,
        `${this.name}() argument ${i + 1} must be ${what}, got ${sqlTypeName(a.type)}`,
        castHint('the argument', to),
      );
  }

  /** A text function's arguments: `min` to `types.length` of them, each of its kind. */
  text(usage: string, min: number, types: readonly TextArg[]): void {
    this.arity(min, types.length, usage);
    types.forEach((k, i) => {
      if (k === 'text') this.want(i, isText, 'TEXT', 'string');
      else this.want(i, isInt, 'an integer', 'int');
    });
  }

  /** The first argument is a quoted unit among `allowed`; folds its spelling and returns it. */
  unit(allowed: readonly string[], usage: string): string {
    const u = this.args[0];
    if (u?.kind !== 'literal' || typeof u.value !== 'string')
      throw sqlError(
        'SQL_INVALID',
        this.pos,
        `${this.name}() needs the unit as a quoted literal`,
        `write ${usage}`,
      );
    const low = u.value.toLowerCase();
    const norm = UNIT_ALIASES[low] ?? low;
    if (!allowed.includes(norm))
      throw sqlError(
        'SQL_INVALID',
        this.pos,
        `${this.name}() does not know the unit '${u.value}'`,
        `use one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      );
    this.args = [{ kind: 'literal', value: norm, type: 'string' }, ...this.args.slice(1)];
    return norm;
  }

  /** Argument `i`, when a literal, is a valid regular expression. */
  regex(i: number): void {
    const p = this.args[i];
    if (p?.kind !== 'literal' || typeof p.value !== 'string') return;
    try {
      new RegExp(p.value, 'u');
    } catch (err) {
      throw sqlError(
        'SQL_INVALID',
        this.pos,
        `invalid regular expression '${p.value}': ${(err as Error).message}`,
        'check the pattern (JavaScript/RE2 syntax)',
      );
    }
  }

  /** The typed call. */
  call(type: ScalarType): Expr {
    return { kind: 'call', fn: this.fn, args: this.args, type };
  }
}

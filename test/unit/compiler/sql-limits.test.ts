import { describe, expect, it } from 'vitest';
import { ParserFaultError } from '../../../compiler/errors/parser-fault-error.ts';
import { compile, SqlError } from '../../../compiler/index.ts';
import { SQL_LIMITS } from '../../../compiler/parse/limits.ts';
import { parseRaw } from '../../../compiler/parse/sqlparser.ts';
import { parserInstances } from '../../../compiler/parse/wasm-parser.ts';

/** Issue 10 finding 5 (huge expressions broke the parser for the life of the process) and 8. */
const HEAD = `CREATE TABLE t (a BIGINT, ts TIMESTAMP, WATERMARK FOR ts) WITH (connector = 'single_file', path = 'in.jsonl', format = 'json', type = 'source');
CREATE TABLE o WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
`;
const query = (q: string): string => `${HEAD}${q}`;
const OK = query('INSERT INTO o SELECT a FROM t;');

function diagnostic(sql: string): { at: string; message: string; hint: string } {
  try {
    compile(sql, { name: 'limits' });
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    const d = (e as SqlError).diagnostics[0];
    return { at: `${d?.line}:${d?.column}`, message: d?.message ?? '', hint: d?.hint ?? '' };
  }
  throw new Error('compiled, but should have failed');
}

/** 1-based line:column of the n-th (0-based) occurrence of `needle` in `sql`. */
function posOf(sql: string, needle: string, n: number): string {
  let at = -1;
  for (let k = 0; k <= n; k++) at = sql.indexOf(needle, at + 1);
  const before = sql.slice(0, at);
  const line = before.split('\n').length;
  return `${line}:${at - before.lastIndexOf('\n')}`;
}

describe('SQL size and depth limits', () => {
  it('an 800-term sum is refused where it passes the operator limit, with a hint', () => {
    const sql = query(
      `INSERT INTO o SELECT ${Array.from({ length: 800 }, () => 'a').join(' + ')} AS x FROM t;`,
    );
    const d = diagnostic(sql);
    expect(d.message).toContain(`more than ${SQL_LIMITS.maxOperators} operators`);
    expect(d.at).toBe(posOf(sql, '+', SQL_LIMITS.maxOperators));
    expect(d.hint).toContain('CREATE VIEW');
  });

  it('3,000 ANDs are refused at line:column', () => {
    const sql = query(
      `INSERT INTO o SELECT a FROM t WHERE ${Array.from({ length: 3000 }, () => 'a > 1').join('\n  AND ')};`,
    );
    const d = diagnostic(sql);
    expect(d.message).toContain('operators');
    expect(d.at).not.toBe('1:1');
    expect(Number(d.at.split(':')[0])).toBeGreaterThan(3);
  });

  it('2,000 nested parentheses are refused at the first one past the limit', () => {
    const sql = query(`INSERT INTO o SELECT ${'('.repeat(2000)}a${')'.repeat(2000)} AS x FROM t;`);
    const d = diagnostic(sql);
    expect(d.message).toContain(`more than ${SQL_LIMITS.maxNesting} levels`);
    expect(d.at).toBe(posOf(sql, '(', SQL_LIMITS.maxNesting + 3)); // after `t (`, `WITH (`, `WITH (`
  });

  it('nested CAST/POSITION (exponential backtracking in the parser) is refused, not slow', () => {
    const sql = query(`INSERT INTO o SELECT ${'POSITION('.repeat(11)}a AS x FROM t;`);
    const d = diagnostic(sql);
    expect(d.message).toContain(`more than ${SQL_LIMITS.maxSpecialNesting} nested CAST/POSITION`);
    expect(d.at).toBe(posOf(sql, 'POSITION', SQL_LIMITS.maxSpecialNesting));
  });

  it('SQL longer than the character limit is refused where it crosses the limit', () => {
    const sql = `${OK}\n${'-- padding\n'.repeat(SQL_LIMITS.maxChars / 10)}`;
    const d = diagnostic(sql);
    expect(d.message).toContain('characters');
    expect(Number(d.at.split(':')[0])).toBeGreaterThan(4);
  });

  it('just inside the limits still compiles', () => {
    const terms = Array.from({ length: 200 }, () => 'a').join(' + ');
    expect(() =>
      compile(query(`INSERT INTO o SELECT ${terms} AS x, ${'('.repeat(30)}a${')'.repeat(30)} AS y FROM t;`), {
        name: 'ok',
      }),
    ).not.toThrow();
  });

  it('the parser\'s own "recursion limit exceeded" is reported at the deepest nesting, not 1:1', () => {
    const sql = `SELECT ${'('.repeat(60)}a${')'.repeat(60)} FROM t`;
    let err: unknown;
    try {
      parseRaw(sql, { deepest: { line: 1, column: 50 }, tokenSpans: [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlError);
    const d = (err as SqlError).diagnostics[0];
    expect(`${d?.line}:${d?.column}`).toBe('1:50');
    expect(d?.message).toContain('nests too deeply');
  });
});

describe('errors the parser gives no position', () => {
  it('a statement without a span (END = COMMIT) fails at its own start, not 1:1 (fuzz-found)', () => {
    const d = diagnostic(`${OK}\n  END;`);
    expect(d.message).toContain('Commit statements are not supported');
    expect(d.at).toBe('4:3');
  });

  it('a position-less syntax error is placed at the token where a shortest failing prefix ends (fuzz-found)', () => {
    const d = diagnostic(query('INSERT INTO o SELECT x.a FROM t x LEFT JOI\u0000N t y ON x.a = y.a;'));
    expect(d.message).toContain('after LEFT');
    expect(d.at).toBe('3:35');
  });
});

describe('a parser fault', () => {
  it('is reported as an internal parser failure, and the next compile in the process works', () => {
    const before = parserInstances();
    // Straight to the parser, past the limits: this overflows the WebAssembly stack (a trap).
    const huge = `SELECT ${Array.from({ length: 800 }, () => 'a').join(' + ')} FROM t`;
    expect(() => parseRaw(huge)).toThrow(ParserFaultError);
    expect(parserInstances()).toBe(before + 1);
    // Before the fix every later compile failed with "memory access out of bounds" at 1:1.
    const spec = compile(OK, { name: 'after-fault' });
    expect(spec.stages.length).toBeGreaterThan(0);
    expect(parseRaw('SELECT 1').length).toBe(1);
  });

  it('has a stable code that the CLI maps to exit code 1 (internal, not the user)', () => {
    const e = new ParserFaultError('RuntimeError: memory access out of bounds');
    expect(e.code).toBe('PARSER_FAULT');
    expect(e.message).toContain('position unknown');
  });
});

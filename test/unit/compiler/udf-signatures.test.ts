import { describe, expect, it } from 'vitest';
import { readUdfModule, UdfError } from '../../../compiler/index.ts';

/** TypeScript UDF signatures → SQL types (compiler/udf/), and every refusal with its position. */
const read = (src: string) => readUdfModule('/abs/udfs/m.ts', src, 'udfs/m.ts');

function refusal(src: string): UdfError {
  try {
    read(src);
  } catch (e) {
    if (e instanceof UdfError) return e;
    throw e;
  }
  throw new Error('expected a UdfError');
}

const scalar = (type: string, nullable = false, elementNullable = false) => ({
  type,
  nullable,
  elementNullable,
});

describe('UDF signatures: types', () => {
  it('maps number, bigint, string, boolean and Date; T | null; arrays; aliases', () => {
    const [f] = read(`
      type Cents = bigint;
      export function f(a: number, b: Cents, c: string, d: boolean, e: Date, g: (string | null)[] | null,
        h: ReadonlyArray<number>, i: readonly boolean[], j: undefined | Date): Array<Date> | null { return null; }`);
    expect(f?.params.map((p) => p.type)).toEqual([
      scalar('float'),
      scalar('int'),
      scalar('string'),
      scalar('bool'),
      scalar('timestamp'),
      scalar('string[]', true, true),
      scalar('float[]'),
      scalar('bool[]'),
      scalar('timestamp', true),
    ]);
    expect(f?.returns).toEqual(scalar('timestamp[]', true));
    expect(f).toMatchObject({
      name: 'f',
      export: 'f',
      kind: 'scalar',
      async: null,
      module: '/abs/udfs/m.ts',
    });
    expect(f?.id).toMatch(/^f@[0-9a-f]{16}$/);
    expect(f?.pos).toEqual({ file: 'udfs/m.ts', line: 3, column: 23 });
  });

  it('reads arrow functions and function expressions; the SQL name is the export name in lower case', () => {
    const defs = read(`export const toCents = (x: number): bigint => BigInt(Math.round(x * 100));
      export const Twice = function (x: bigint): bigint { return 2n * x; };
      function helper(): number { return 1; }
      export const LIMIT = 3;`);
    expect(defs.map((d) => [d.name, d.export])).toEqual([
      ['tocents', 'toCents'],
      ['twice', 'Twice'],
    ]);
  });

  it('a function of one array parameter is an aggregate; config.aggregate overrides it', () => {
    const defs = read(`export const config = { per_row: { aggregate: false } };
      export function med(values: number[]): number { return values[0] ?? 0; }
      export function per_row(tags: string[]): bigint { return BigInt(tags.length); }`);
    expect(defs.map((d) => d.kind)).toEqual(['aggregate', 'scalar']);
  });

  it('Promise<T> makes an async UDF, with default or configured concurrency and timeout', () => {
    const defs = read(`export const config = { b: { concurrency: 2, timeoutMs: 1_500 } } as const;
      export async function a(x: string): Promise<string> { return x; }
      export async function b(x: string): Promise<string | null> { return x; }`);
    expect(defs.map((d) => d.async)).toEqual([
      { concurrency: 8, timeoutMs: 5_000 },
      { concurrency: 2, timeoutMs: 1_500 },
    ]);
    expect(defs[1]?.returns).toEqual(scalar('string', true));
  });
});

describe('UDF signatures: refusals name file:line:column, the problem and the fix', () => {
  const cases: [string, string, string, string, string][] = [
    // [what, source, code, position, message]
    [
      'an object type',
      'export function f(p: { a: number }): number { return 1; }',
      'UDF_UNSUPPORTED_TYPE',
      '1:22',
      'f() parameter p: the type { a: number } is not supported',
    ],
    [
      'any',
      'export function f(p: any): number { return 1; }',
      'UDF_UNSUPPORTED_TYPE',
      '1:22',
      'f() parameter p: the type any is not supported',
    ],
    [
      'a union of two types',
      'export function f(p: number | string): number { return 1; }',
      'UDF_UNSUPPORTED_TYPE',
      '1:22',
      'the union type number | string is not supported',
    ],
    [
      'a nested array',
      'export function f(p: number[][]): number { return 1; }',
      'UDF_UNSUPPORTED_TYPE',
      '1:22',
      'nested arrays (number[][]) are not supported',
    ],
    [
      'a void result',
      'export function f(p: number): void {}',
      'UDF_UNSUPPORTED_TYPE',
      '1:31',
      'f() result: the type void is not supported',
    ],
    [
      'a Promise parameter',
      'export function f(p: Promise<number>): number { return 1; }',
      'UDF_UNSUPPORTED_TYPE',
      '1:22',
      'a Promise is only allowed as the result of an async UDF',
    ],
    [
      'an unknown type name',
      'export function f(p: Money): number { return 1; }',
      'UDF_UNSUPPORTED_TYPE',
      '1:22',
      'the type Money is not supported',
    ],
    [
      'a parameter without a type',
      'export function f(p): number { return 1; }',
      'UDF_INVALID_SIGNATURE',
      '1:19',
      'f(): parameter p has no type',
    ],
    [
      'no return type',
      'export function f(p: number) { return p; }',
      'UDF_INVALID_SIGNATURE',
      '1:17',
      'f() has no return type',
    ],
    [
      'an optional parameter',
      'export function f(p?: number): number { return 1; }',
      'UDF_INVALID_SIGNATURE',
      '1:19',
      'f(): optional parameter p is not supported',
    ],
    [
      'a default value',
      'export function f(p: number = 1): number { return p; }',
      'UDF_INVALID_SIGNATURE',
      '1:19',
      'f(): optional parameter p is not supported',
    ],
    [
      'a rest parameter',
      'export function f(...p: number[]): number { return 1; }',
      'UDF_INVALID_SIGNATURE',
      '1:19',
      'f(): rest parameter ...p is not supported',
    ],
    [
      'a destructured parameter',
      'export function f({ a }: { a: number }): number { return a; }',
      'UDF_INVALID_SIGNATURE',
      '1:19',
      'f(): destructured parameters are not supported',
    ],
    [
      'an overloaded function',
      'export function f(x: number): number;\nexport function f(x: number): number { return x; }',
      'UDF_INVALID_SIGNATURE',
      '1:17',
      'f() is overloaded',
    ],
    [
      'generics',
      'export function f<T>(p: T): number { return 1; }',
      'UDF_INVALID_SIGNATURE',
      '1:19',
      'f() is generic',
    ],
    [
      'an aggregate of three parameters',
      'export const config = { f: { aggregate: true } };\nexport function f(a: number[], b: number[], c: number[]): number { return 1; }',
      'UDF_INVALID_SIGNATURE',
      '2:17',
      'aggregate f() must take one or two array parameters',
    ],
    [
      'an async aggregate',
      'export async function f(v: number[]): Promise<number> { return 1; }',
      'UDF_INVALID_SIGNATURE',
      '1:23',
      'aggregate f() cannot be async',
    ],
    [
      'a re-export',
      "export { f } from './other.ts';",
      'UDF_INVALID_SIGNATURE',
      '1:1',
      're-exports are not read as UDFs',
    ],
    [
      'no exported function',
      'function f(): number { return 1; }',
      'UDF_FILE',
      '1:1',
      'the module exports no function',
    ],
    [
      'async options on a sync UDF',
      'export const config = { f: { timeoutMs: 100 } };\nexport function f(): number { return 1; }',
      'UDF_INVALID_CONFIG',
      '1:14',
      'config.f sets concurrency/timeoutMs, but f() is not async',
    ],
    [
      'an unknown option',
      'export const config = { f: { timeout: 100 } };\nexport async function f(): Promise<number> { return 1; }',
      'UDF_INVALID_CONFIG',
      '1:30',
      'unknown UDF option timeout',
    ],
    [
      'a computed option',
      'const N = 4;\nexport const config = { f: { concurrency: N } };\nexport async function f(): Promise<number> { return 1; }',
      'UDF_INVALID_CONFIG',
      '2:43',
      'concurrency must be a positive integer literal',
    ],
    [
      'config for a missing function',
      'export const config = { g: {} };\nexport function f(): number { return 1; }',
      'UDF_INVALID_CONFIG',
      '1:14',
      'config names g, which is not an exported function',
    ],
  ];
  for (const [what, src, code, at, message] of cases) {
    it(what, () => {
      const e = refusal(src);
      expect(e.code).toBe(code);
      expect(`${e.pos.line}:${e.pos.column}`).toBe(at);
      expect(e.problem).toContain(message);
      expect(e.hint.length).toBeGreaterThan(10);
      expect(e.format()).toContain(`udfs/m.ts:${at}: error: `);
    });
  }

  it('hints at the supported types and at did-you-mean for options', () => {
    expect(refusal('export function f(p: object): number { return 1; }').hint).toContain(
      'pass the fields as separate parameters',
    );
    expect(refusal('export function f(p: unknown): number { return 1; }').hint).toContain('bigint (BIGINT)');
    expect(
      refusal(
        'export const config = { f: { timeout: 1 } };\nexport async function f(): Promise<number> { return 1; }',
      ).hint,
    ).toContain('did you mean timeoutMs?');
  });
});

import { NO_POS, type Pos, sqlError } from '../errors/sql-error.ts';

/** Helpers for walking the parser library's untyped JSON (serde's externally tagged enums). */
export type Raw = unknown;
export type RawObject = Readonly<Record<string, unknown>>;

export function isObject(r: Raw): r is RawObject {
  return typeof r === 'object' && r !== null && !Array.isArray(r);
}

/** `"Foo"` → `['Foo', undefined]`; `{ Foo: x }` → `['Foo', x]`. */
export function variant(r: Raw): readonly [string, unknown] {
  if (typeof r === 'string') return [r, undefined];
  if (isObject(r)) {
    const keys = Object.keys(r);
    if (keys.length === 1) {
      const k = keys[0] as string;
      return [k, r[k]];
    }
  }
  return ['?', r];
}

export function obj(r: Raw): RawObject {
  return isObject(r) ? r : {};
}

export function arr(r: Raw): readonly unknown[] {
  return Array.isArray(r) ? r : [];
}

export function str(r: Raw): string {
  return typeof r === 'string' ? r : '';
}

/** A value that means "absent" in serde output: null, false, empty list, "None", `{}`. */
export function isEmpty(r: Raw): boolean {
  if (r === null || r === undefined || r === false || r === 'None') return true;
  if (Array.isArray(r)) return r.length === 0 || r.every(isEmpty);
  if (isObject(r)) return Object.keys(r).length === 0;
  return false;
}

/** The start of a `span` object, if it has a real position. */
export function spanPos(span: Raw): Pos | null {
  const start = obj(obj(span).start);
  const line = start.line;
  const column = start.column;
  if (typeof line === 'number' && typeof column === 'number' && line > 0) return { line, column };
  return null;
}

/** The earliest span found in a raw subtree (depth-first, document order). */
export function firstPos(r: Raw, fallback: Pos = NO_POS): Pos {
  let best: Pos | null = null;
  const visit = (x: Raw): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
    } else if (isObject(x)) {
      for (const [k, v] of Object.entries(x)) {
        if (k === 'span') {
          const p = spanPos(v);
          if (p && (best === null || p.line < best.line || (p.line === best.line && p.column < best.column)))
            best = p;
        } else visit(v);
      }
    }
  };
  visit(r);
  return best ?? fallback;
}

export interface RawIdent {
  readonly value: string;
  readonly quoted: boolean;
  readonly pos: Pos;
}

export function ident(r: Raw, fallback: Pos = NO_POS): RawIdent {
  const o = obj(r);
  return { value: str(o.value), quoted: typeof o.quote_style === 'string', pos: spanPos(o.span) ?? fallback };
}

/** An ObjectName: `[{ Identifier: ident }, …]`; sluice names are one part. */
export function objectName(r: Raw, what: string): RawIdent {
  const parts = arr(r).map((p) => ident(variant(p)[1]));
  const first = parts[0];
  if (first === undefined) throw sqlError('SQL_SYNTAX', NO_POS, `missing ${what} name`);
  if (parts.length > 1)
    throw sqlError(
      'SQL_UNSUPPORTED',
      first.pos,
      `qualified ${what} names like ${parts.map((p) => p.value).join('.')} are not supported yet`,
      `use the plain ${what} name ${parts[parts.length - 1]?.value}`,
    );
  return first;
}

/** Throws SQL_UNSUPPORTED for any key of `o` outside `allowed` that holds a non-empty value. */
export function rejectUnknownKeys(
  o: RawObject,
  allowed: ReadonlySet<string>,
  pos: Pos,
  describe: (key: string) => { message: string; hint: string },
): void {
  for (const [k, v] of Object.entries(o)) {
    if (allowed.has(k) || isEmpty(v)) continue;
    const { message, hint } = describe(k);
    throw sqlError('SQL_UNSUPPORTED', firstPos(v, pos), message, hint);
  }
}

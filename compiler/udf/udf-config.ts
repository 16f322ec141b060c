import type * as TS from 'typescript';
import { closest } from '../errors/did-you-mean.ts';
import { TypeRefusal } from './ts-types.ts';

/** Per-function options from a module's `export const config = { fn: { … } }`. */
export interface UdfOptions {
  /** Async UDFs: calls in flight at once (Arroyo's `allowed_in_flight`). */
  readonly concurrency?: number;
  /** Async UDFs: a call slower than this dead-letters its row. */
  readonly timeoutMs?: number;
  /** Overrides the convention that a function of one array parameter is an aggregate. */
  readonly aggregate?: boolean;
}

const OPTIONS = ['concurrency', 'timeoutMs', 'aggregate'] as const;
const CONFIG = 'UDF_INVALID_CONFIG';
const HINT =
  'write export const config = { fn: { concurrency: 8, timeoutMs: 1000 } } with number and boolean literals';

/**
 * Reads `export const config = { … }` statically (sluice never runs UDF code to compile a
 * pipeline). Accepts `as const` and `satisfies …`. Throws TypeRefusal for anything but literals.
 */
export function readConfig(init: TS.Expression, ts: typeof TS): Map<string, UdfOptions> {
  const out = new Map<string, UdfOptions>();
  for (const prop of objectLiteral(init, ts, 'config').properties) {
    const [name, value] = property(prop, ts);
    const opts: Record<string, number | boolean> = {};
    for (const p of objectLiteral(value, ts, `config.${name}`).properties) {
      const [key, v] = property(p, ts);
      if (!(OPTIONS as readonly string[]).includes(key)) {
        const near = closest(key, OPTIONS);
        throw new TypeRefusal(
          p,
          `unknown UDF option ${key}`,
          `${near ? `did you mean ${near}? ` : ''}options: ${OPTIONS.join(', ')}`,
          CONFIG,
        );
      }
      opts[key] = key === 'aggregate' ? booleanLiteral(v, ts, key) : positiveInt(v, ts, key);
    }
    out.set(name, opts as UdfOptions);
  }
  return out;
}

function unwrap(e: TS.Expression, ts: typeof TS): TS.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isSatisfiesExpression(x))
    x = x.expression;
  return x;
}

function objectLiteral(e: TS.Expression, ts: typeof TS, what: string): TS.ObjectLiteralExpression {
  const x = unwrap(e, ts);
  if (!ts.isObjectLiteralExpression(x))
    throw new TypeRefusal(e, `${what} must be an object literal`, HINT, CONFIG);
  return x;
}

function property(p: TS.ObjectLiteralElementLike, ts: typeof TS): [string, TS.Expression] {
  if (
    ts.isPropertyAssignment(p) &&
    (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNoSubstitutionTemplateLiteral(p.name))
  )
    return [p.name.text, p.initializer];
  throw new TypeRefusal(p, 'config entries must be plain `name: value` properties', HINT, CONFIG);
}

function positiveInt(e: TS.Expression, ts: typeof TS, key: string): number {
  const x = unwrap(e, ts);
  const n = ts.isNumericLiteral(x) ? Number(x.text.replace(/_/g, '')) : Number.NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new TypeRefusal(e, `${key} must be a positive integer literal`, HINT, CONFIG);
  return n;
}

function booleanLiteral(e: TS.Expression, ts: typeof TS, key: string): boolean {
  const x = unwrap(e, ts);
  if (x.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (x.kind === ts.SyntaxKind.FalseKeyword) return false;
  throw new TypeRefusal(e, `${key} must be true or false`, HINT, CONFIG);
}

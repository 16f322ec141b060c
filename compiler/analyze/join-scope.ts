import { suggestion } from '../errors/did-you-mean.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { columnNames, findByName, type RelColumn, type Resolved, resolveIdent, type Scope } from './scope.ts';

/** One input of a join as expressions see it. */
export interface JoinSide {
  /** The input as planned: its qualifier (alias) and its own column names. */
  readonly scope: Scope;
  /** Input column name → column name in the joined row. */
  readonly rename: ReadonlyMap<string, string>;
  /** The input's columns as named in the joined row. */
  readonly merged: readonly RelColumn[];
}

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Resolves a name over a join's inputs: `a.x` in the input aliased `a`; a bare `x` in the one
 * input that has it (ambiguous if both do). The result names the joined row's columns.
 */
export function resolveInSides(sides: readonly JoinSide[], parts: readonly string[], pos: Pos): Resolved {
  const head = parts[0] ?? '';
  const byQualifier = parts.length > 1 ? sides.filter((s) => eq(s.scope.qualifier, head)) : [];
  let side = byQualifier.length === 1 ? byQualifier[0] : undefined;
  if (side === undefined) {
    const having = sides.filter(
      (s) =>
        findByName(s.scope.columns, head) !== undefined ||
        (parts.length > 1 && findByName(s.scope.columns, parts.join('.')) !== undefined),
    );
    if (having.length > 1)
      throw sqlError(
        'SQL_INVALID',
        pos,
        `column ${parts.join('.')} is ambiguous: both sides of the join have it`,
        `qualify it: ${having.map((s) => `${s.scope.qualifier}.${parts.join('.')}`).join(' or ')}`,
      );
    side = having[0];
  }
  if (side === undefined) {
    const all = sides.flatMap((s) => columnNames(s.scope.columns).map((c) => `${s.scope.qualifier}.${c}`));
    throw sqlError(
      'SQL_UNKNOWN_COLUMN',
      pos,
      `unknown column ${parts.join('.')}`,
      suggestion(parts.join('.'), all, 'column'),
    );
  }
  const r = resolveIdent(side.scope, parts, pos);
  const to = (name: string): string => side.rename.get(name) ?? name;
  if (r.kind === 'expr')
    return r.expr.kind === 'column' ? { kind: 'expr', expr: { ...r.expr, name: to(r.expr.name) } } : r;
  return { kind: 'window', column: { ...r.column, start: to(r.column.start), end: to(r.column.end) } };
}

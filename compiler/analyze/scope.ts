import { suggestion } from '../errors/did-you-mean.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { Expr } from '../spec/expr.ts';
import type { ScalarType } from '../spec/types.ts';
import { type JoinSide, resolveInSides } from './join-scope.ts';

export interface ScalarColumn {
  readonly kind: 'scalar';
  readonly name: string;
  readonly type: ScalarType;
}
/** A window struct (`window`), carried as two timestamp columns `start` and `end` of the row. */
export interface WindowColumn {
  readonly kind: 'window';
  readonly name: string;
  readonly start: string;
  readonly end: string;
}
export type RelColumn = ScalarColumn | WindowColumn;

/** A planned query: its plan, its visible columns, and whether rows carry event time. */
export interface Relation {
  readonly plan: LogicalPlan;
  readonly columns: readonly RelColumn[];
  readonly hasEventTime: boolean;
  /** An updating aggregate's changelog (or a filter/projection of one): updating input (changelog-guard.ts). */
  readonly updating?: boolean;
}

/** The names visible to expressions: one FROM item, with its qualifier. */
export interface Scope {
  readonly qualifier: string;
  readonly columns: readonly RelColumn[];
  /** A join's inputs (see join-scope.ts): names resolve in one side, then map to the joined row. */
  readonly sides?: readonly JoinSide[];
}

export type Resolved =
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'window'; readonly column: WindowColumn };

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Exact match first, then a unique case-insensitive one. */
export function findByName<T extends { readonly name: string }>(
  items: readonly T[],
  name: string,
): T | undefined {
  const exact = items.find((i) => i.name === name);
  if (exact) return exact;
  const loose = items.filter((i) => eq(i.name, name));
  return loose.length === 1 ? loose[0] : undefined;
}

export function columnNames(columns: readonly RelColumn[]): string[] {
  return columns.flatMap((c) => (c.kind === 'scalar' ? [c.name] : [`${c.name}.start`, `${c.name}.end`]));
}

/** Resolves `a`, `t.a`, `window`, `window.start`, `t.window.end`. */
export function resolveIdent(scope: Scope, parts: readonly string[], pos: Pos): Resolved {
  if (scope.sides !== undefined) return resolveInSides(scope.sides, parts, pos);
  const rest =
    parts.length > 1 &&
    eq(parts[0] ?? '', scope.qualifier) &&
    findByName(scope.columns, parts[0] ?? '') === undefined
      ? parts.slice(1)
      : parts;
  // A nested field flattened into a dotted column name (`bid.auction`, e.g. the nexmark source).
  const dotted = rest.length > 1 ? findByName(scope.columns, rest.join('.')) : undefined;
  if (dotted?.kind === 'scalar')
    return { kind: 'expr', expr: { kind: 'column', name: dotted.name, type: dotted.type } };
  const [head, field, ...extra] = rest;
  const col = head === undefined ? undefined : findByName(scope.columns, head);
  if (col !== undefined && extra.length === 0) {
    if (col.kind === 'scalar' && field === undefined)
      return { kind: 'expr', expr: { kind: 'column', name: col.name, type: col.type } };
    if (col.kind === 'window' && field === undefined) return { kind: 'window', column: col };
    if (col.kind === 'window' && (field === 'start' || field === 'end'))
      return {
        kind: 'expr',
        expr: { kind: 'column', name: field === 'start' ? col.start : col.end, type: 'timestamp' },
      };
    if (col.kind === 'window')
      throw sqlError(
        'SQL_UNKNOWN_COLUMN',
        pos,
        `${col.name} has no field ${field}`,
        `use ${col.name}.start or ${col.name}.end`,
      );
  }
  if (parts.length > 1 && rest === parts && findByName(scope.columns, parts[0] ?? '') === undefined)
    throw sqlError(
      'SQL_UNKNOWN_TABLE',
      pos,
      `unknown table or alias ${parts[0]}`,
      `columns here are qualified by ${scope.qualifier}`,
    );
  const name = rest.join('.');
  throw sqlError(
    'SQL_UNKNOWN_COLUMN',
    pos,
    `unknown column ${name}`,
    suggestion(name, columnNames(scope.columns), 'column'),
  );
}

import type { AstExpr } from '../ast/expr.ts';
import type { AstFrom, AstJoin } from '../ast/statement.ts';
import { type Pos, SqlError, sqlError } from '../errors/sql-error.ts';
import { project } from '../logical/build.ts';
import type { JoinMode, JoinNode } from '../logical/join-node.ts';
import type { LogicalPlan, ProjectColumn } from '../logical/plan.ts';
import type { Expr } from '../spec/expr.ts';
import type { Field } from '../spec/types.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import type { JoinSide } from './join-scope.ts';
import { refuseSessionJoinInput } from './join-window-guard.ts';
import { NameAllocator } from './names.ts';
import type { Catalog } from './plan-query.ts';
import { type Relation, type RelColumn, resolveIdent, type Scope } from './scope.ts';
import { DEFAULT_UPDATING_TTL_MS } from './settings.ts';
import { castHint, sqlTypeName, unify } from './type-rules.ts';
import { describeWindow, type JoinWindow, windowOf } from './window-of.ts';

export type PlanFrom = (from: AstFrom, catalog: Catalog) => { relation: Relation; qualifier: string };

export const SIDE_COLUMN = '__side';
const keyColumn = (i: number): string => `__k${i}`;
const JOIN_HINT = 'join two inputs ON equalities of their columns, e.g. ON a.id = b.id';

interface Input {
  readonly rel: Relation;
  readonly scope: Scope;
  readonly window: JoinWindow | null;
  readonly pos: Pos;
}

/**
 * Plans `a JOIN b ON …` over two inputs. Inputs that are window results (the same tumble, or the
 * same hop) or one tumble window result and one event-time stream make a windowed join; two plain streams make an updating
 * join with the `updating_ttl` TTL (inner or left). The ON condition's equalities between the sides
 * become the shuffle key; `a.window = b.window` is implied by the windowed join; the rest is a
 * residual predicate evaluated per candidate pair.
 */
export function planJoin(
  from: AstJoin,
  catalog: Catalog,
  planFrom: PlanFrom,
): { relation: Relation; qualifier: string; scope: Scope } {
  for (const side of [from.left, from.right])
    if (side.kind === 'join')
      throw sqlError(
        'SQL_UNSUPPORTED',
        side.pos,
        'joining more than two inputs in one FROM is not supported yet',
        'join two inputs in a view, then join the view with the third',
      );
  const input = (f: AstFrom): Input => {
    const { relation, qualifier } = planFrom(f, catalog);
    refuseSessionJoinInput(relation.plan, f.pos);
    return {
      rel: relation,
      scope: { qualifier, columns: relation.columns },
      window: windowOf(relation.plan),
      pos: f.pos,
    };
  };
  const l = input(from.left);
  const r = input(from.right);
  if (l.scope.qualifier !== '' && l.scope.qualifier.toLowerCase() === r.scope.qualifier.toLowerCase())
    throw sqlError(
      'SQL_INVALID',
      from.right.pos,
      `both sides of the join are called ${r.scope.qualifier}`,
      'give one side another alias: … JOIN t AS t2 ON …',
    );

  // Output names: left columns, then right columns; clashes get a suffix.
  const names = new NameAllocator([SIDE_COLUMN]);
  const leftSide = side(l.scope, names);
  const rightSide = side(r.scope, names);
  const merged: Scope = {
    qualifier: '',
    columns: [...leftSide.merged, ...rightSide.merged],
    sides: [leftSide, rightSide],
  };

  const { keys, windowEq, rest } = splitOn(from.on, l.scope, r.scope);
  const mode = joinMode(from, l, r, windowEq, catalog);
  // Before the rest of ON is typed, as Arroyo refuses it before planning the condition.
  if (keys.length === 0 && mode.kind === 'updating')
    throw sqlError(
      'SQL_UNSUPPORTED',
      from.on.pos,
      'updating joins must include an equijoin condition: an equality between the two sides (cross joins are not supported)',
      JOIN_HINT,
    );
  const residual = bindResidual(rest, merged);
  for (let i = 0; i < keys.length; i++) names.take(keyColumn(i));
  const keyNames = keys.length === 0 ? [keyColumn(0)] : keys.map((_, i) => keyColumn(i));
  const constant: Expr = { kind: 'literal', value: 0, type: 'int' };

  const tag = (inp: Input, s: JoinSide, sideIndex: number, keyExprs: readonly Expr[]): LogicalPlan => {
    const cols: ProjectColumn[] = [
      { name: SIDE_COLUMN, expr: { kind: 'literal', value: sideIndex, type: 'int' } },
      ...keyNames.map((name, i) => ({ name, expr: keyExprs[i] ?? constant })),
    ];
    for (const f of inp.rel.plan.schema) {
      const to = s.rename.get(f.name);
      if (to !== undefined) cols.push({ name: to, expr: { kind: 'column', name: f.name, type: f.type } });
    }
    return project(inp.rel.plan, cols);
  };
  const left = tag(
    l,
    leftSide,
    0,
    keys.map((k) => k.left),
  );
  const right = tag(
    r,
    rightSide,
    1,
    keys.map((k) => k.right),
  );
  const outerLeft = from.type === 'right' || from.type === 'full';
  const outerRight = from.type === 'left' || from.type === 'full';
  const fields = (inp: Input, s: JoinSide, nullable: boolean): Field[] =>
    inp.rel.plan.schema.flatMap((f) => {
      const to = s.rename.get(f.name);
      return to === undefined ? [] : [{ name: to, type: f.type, nullable: f.nullable || nullable }];
    });
  const leftFields = fields(l, leftSide, outerLeft);
  const rightFields = fields(r, rightSide, outerRight);
  const node: JoinNode = {
    kind: 'join',
    left,
    right,
    joinType: from.type,
    mode,
    sideColumn: SIDE_COLUMN,
    keys: keyNames,
    leftColumns: leftFields.map((f) => f.name),
    rightColumns: rightFields.map((f) => f.name),
    residual,
    schema: [...leftFields, ...rightFields],
  };
  return {
    relation: { plan: node, columns: merged.columns, hasEventTime: true },
    qualifier: '',
    scope: merged,
  };
}

/** Names one input's columns in the joined row. */
function side(scope: Scope, names: NameAllocator): JoinSide {
  const rename = new Map<string, string>();
  const merged: RelColumn[] = [];
  for (const c of scope.columns) {
    if (c.kind === 'scalar') {
      const name = names.take(c.name);
      rename.set(c.name, name);
      merged.push({ ...c, name });
    } else {
      const name = names.take(c.name);
      const start = names.take(c.start);
      const end = names.take(c.end);
      rename.set(c.start, start);
      rename.set(c.end, end);
      merged.push({ kind: 'window', name, start, end });
    }
  }
  return { scope, rename, merged };
}

interface KeyPair {
  readonly left: Expr;
  readonly right: Expr;
}

function conjuncts(e: AstExpr): AstExpr[] {
  return e.kind === 'binary' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function tryBind(e: AstExpr, scope: Scope): Expr | undefined {
  const ctx: BindContext = { resolve: (parts, pos) => resolveIdent(scope, parts, pos) };
  try {
    return bindExpr(e, ctx);
  } catch (err) {
    if (err instanceof SqlError) return undefined;
    throw err;
  }
}

function isWindowStruct(e: AstExpr, scope: Scope): boolean {
  if (e.kind !== 'ident') return false;
  try {
    return resolveIdent(scope, e.parts, e.pos).kind === 'window';
  } catch (err) {
    if (err instanceof SqlError) return false;
    throw err;
  }
}

/** ON → equi-key pairs (left expr, right expr), whether it equates the windows, and the rest. */
function splitOn(
  on: AstExpr,
  left: Scope,
  right: Scope,
): { keys: KeyPair[]; windowEq: boolean; rest: AstExpr[] } {
  const keys: KeyPair[] = [];
  const rest: AstExpr[] = [];
  let windowEq = false;
  for (const c of conjuncts(on)) {
    if (c.kind === 'binary' && c.op === '=') {
      if (
        (isWindowStruct(c.left, left) && isWindowStruct(c.right, right)) ||
        (isWindowStruct(c.left, right) && isWindowStruct(c.right, left))
      ) {
        windowEq = true;
        continue;
      }
      const pair = keyPair(c.left, c.right, left, right) ?? keyPair(c.right, c.left, left, right);
      if (pair !== undefined) {
        const t = unify(pair.left.type, pair.right.type);
        if (t === null)
          throw sqlError(
            'SQL_TYPE_MISMATCH',
            c.pos,
            `cannot join ${sqlTypeName(pair.left.type)} with ${sqlTypeName(pair.right.type)}`,
            castHint('one side', pair.left.type),
          );
        keys.push(pair);
        continue;
      }
    }
    rest.push(c);
  }
  return { keys, windowEq, rest };
}

/** The ON condition's conjuncts that are not keys, typed over the joined row, ANDed; null if none. */
function bindResidual(rest: readonly AstExpr[], merged: Scope): Expr | null {
  return rest
    .map((c) => bindOnConjunct(c, merged))
    .reduce<Expr | null>(
      (acc, e) => (acc === null ? e : { kind: 'binary', op: 'and', left: acc, right: e, type: 'bool' }),
      null,
    );
}

function bindOnConjunct(c: AstExpr, merged: Scope): Expr {
  const bound = bindExpr(c, { resolve: (parts, pos) => resolveIdent(merged, parts, pos) });
  if (bound.type !== 'bool' && bound.type !== 'null')
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      c.pos,
      `ON needs a BOOLEAN condition, got ${sqlTypeName(bound.type)}`,
      JOIN_HINT,
    );
  return bound;
}

/** `x = y` is a key when x reads only the left input and y only the right one. */
function keyPair(x: AstExpr, y: AstExpr, left: Scope, right: Scope): KeyPair | undefined {
  const lx = tryBind(x, left);
  if (lx === undefined || tryBind(x, right) !== undefined) return undefined;
  const ry = tryBind(y, right);
  if (ry === undefined || tryBind(y, left) !== undefined) return undefined;
  if (lx.kind === 'literal' || ry.kind === 'literal') return undefined;
  return { left: lx, right: ry };
}

function joinMode(from: AstJoin, l: Input, r: Input, windowEq: boolean, catalog: Catalog): JoinMode {
  if (l.window !== null && r.window !== null) {
    if (l.window.sizeMs !== r.window.sizeMs || l.window.hopWidthMs !== r.window.hopWidthMs)
      throw sqlError(
        'SQL_UNSUPPORTED',
        from.pos,
        `the two sides of the join have different windows (${describeWindow(l.window)} and ${describeWindow(r.window)})`,
        'group both sides by the same tumble(…) or the same hop(…) window',
      );
    if (!windowEq)
      throw sqlError(
        'SQL_UNSUPPORTED',
        from.on.pos,
        'a join of two windowed inputs must match their windows',
        'add AND a.window = b.window to ON (select the window in both inputs)',
      );
    return { kind: 'window', ...l.window };
  }
  const hop = l.window?.hopWidthMs !== undefined ? l : r.window?.hopWidthMs !== undefined ? r : null;
  if (hop !== null)
    throw sqlError(
      'SQL_UNSUPPORTED',
      hop.pos,
      'joining hop window results with an unwindowed stream is not supported',
      'group the other side by the same hop(…) window and add AND a.window = b.window to ON, or use tumble(…)',
    );
  const size = (l.window ?? r.window)?.sizeMs ?? null;
  const raw = l.window === null ? l : r;
  if (!raw.rel.hasEventTime)
    throw sqlError(
      'SQL_INVALID',
      raw.pos,
      'a streaming join needs event time on both inputs, but this one has no WATERMARK or event_time_field',
      "add WATERMARK FOR ts AS ts - INTERVAL '5' SECOND to the source table",
    );
  if (size !== null) return { kind: 'window', sizeMs: size };
  if (r.rel.hasEventTime === false)
    throw sqlError('SQL_INVALID', r.pos, 'a streaming join needs event time on both inputs', JOIN_HINT);
  if (from.type === 'right' || from.type === 'full')
    throw sqlError(
      'SQL_UNSUPPORTED',
      from.pos,
      `${from.type.toUpperCase()} JOIN of two unwindowed streams (an updating join) is not supported yet`,
      from.type === 'right'
        ? 'swap the two inputs and write LEFT JOIN, or window both sides with the same tumble(…)'
        : 'window both sides with the same tumble(…) for a FULL JOIN, or use INNER / LEFT JOIN',
    );
  return { kind: 'updating', ttlMs: catalog.settings?.updatingTtlMs ?? DEFAULT_UPDATING_TTL_MS };
}

import { someExpr } from '../ast/expr.ts';
import type { AstFrom, AstQuery } from '../ast/statement.ts';
import { suggestion } from '../errors/did-you-mean.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { filter, isIdentity, project, scan } from '../logical/build.ts';
import { isAggregateCall } from './aggregates.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { type MemoryTable, unwrittenMemoryTable } from './memory-table.ts';
import { planAggregate } from './plan-aggregate.ts';
import { planJoin } from './plan-join.ts';
import { overItems, planTopN } from './plan-top-n.ts';
import { planUnion } from './plan-union.ts';
import { planUnnest, unnestItems } from './plan-unnest.ts';
import { type Relation, resolveIdent, type Scope } from './scope.ts';
import { planSelectList } from './select-list.ts';
import type { Settings } from './settings.ts';
import type { TableDef } from './table-def.ts';
import { castHint, sqlTypeName } from './type-rules.ts';
import { readable, refuseOverUpdating } from './updating-guard.ts';

/** Tables and views defined so far, by name. */
export interface Catalog {
  readonly tables: ReadonlyMap<string, TableDef>;
  readonly views: ReadonlyMap<string, { readonly relation: Relation; readonly pos: Pos }>;
  /** `SET` values so far (updating_ttl, …). */
  readonly settings?: Settings;
  /** Memory tables not written yet (a written one is a view); reading one is refused. */
  readonly unwritten?: ReadonlyMap<string, MemoryTable>;
}

export function lookup<T>(map: ReadonlyMap<string, T>, name: string): T | undefined {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const loose = [...map.entries()].filter(([k]) => k.toLowerCase() === name.toLowerCase());
  return loose.length === 1 ? loose[0]?.[1] : undefined;
}

export function unknownTable(name: string, pos: Pos, catalog: Catalog): never {
  const names = [...catalog.tables.keys(), ...catalog.views.keys()];
  throw sqlError('SQL_UNKNOWN_TABLE', pos, `unknown table or view ${name}`, suggestion(name, names, 'table'));
}

function planFrom(
  from: AstFrom,
  catalog: Catalog,
  top = false,
): { relation: Relation; qualifier: string; scope?: Scope } {
  if (from.kind === 'join') return planJoin(from, catalog, planFrom);
  if (from.kind === 'subquery')
    return {
      relation: readable(planQuery(from.query, catalog), from.pos, !top),
      qualifier: from.alias ?? '',
    };
  const view = lookup(catalog.views, from.name);
  if (view !== undefined)
    return { relation: readable(view.relation, from.pos, !top), qualifier: from.alias ?? from.name };
  const memory = catalog.unwritten && lookup(catalog.unwritten, from.name);
  if (memory !== undefined) return unwrittenMemoryTable(memory, from.pos);
  const table = lookup(catalog.tables, from.name);
  if (table === undefined) return unknownTable(from.name, from.pos, catalog);
  if (table.role === 'sink')
    throw sqlError(
      'SQL_INVALID',
      from.pos,
      `${table.name} is a sink table and cannot be read`,
      `read from a source table (type = 'source') or a view`,
    );
  const relation: Relation = {
    plan: scan(table.source),
    columns: table.source.schema.map((f) => ({ kind: 'scalar', name: f.name, type: f.type })),
    hasEventTime: table.source.eventTime !== null,
  };
  return { relation, qualifier: from.alias ?? table.name };
}

/** Plans one SELECT (or a UNION ALL of SELECTs) into a logical plan and its output columns. */
export function planQuery(q: AstQuery, catalog: Catalog): Relation {
  if (q.unionAll !== undefined && q.unionAll.length > 0) return planUnion(q, (b) => planQuery(b, catalog));
  const { relation: input, qualifier, scope: joined } = planFrom(q.from, catalog, true);
  const scope: Scope = joined ?? { qualifier, columns: input.columns };
  const ctx: BindContext = { resolve: (parts, pos) => resolveIdent(scope, parts, pos) };
  let plan = input.plan;
  if (q.where !== null) {
    if (someExpr(q.where, isAggregateCall))
      throw sqlError(
        'SQL_INVALID',
        q.where.pos,
        'aggregates are not allowed in WHERE',
        'filter the aggregated rows in an outer query (HAVING is not supported yet)',
      );
    const predicate = bindExpr(q.where, ctx);
    if (predicate.type !== 'bool' && predicate.type !== 'null')
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        q.where.pos,
        `WHERE needs a BOOLEAN condition, got ${sqlTypeName(predicate.type)}`,
        `compare the value, e.g. x <> 0, or ${castHint('it', 'bool')}`,
      );
    plan = filter(plan, predicate);
  }
  const aggregated =
    q.groupBy.length > 0 ||
    (q.having ?? null) !== null ||
    q.items.some((i) => i.kind === 'expr' && someExpr(i.expr, isAggregateCall));
  if (aggregated) {
    const out = planAggregate(q, scope, plan, input.hasEventTime);
    if (out.updating !== true) refuseOverUpdating(input, 'a windowed aggregate', q.from.pos);
    return out;
  }
  if (overItems(q).length > 0) {
    refuseOverUpdating(input, 'OVER (top-N)', q.from.pos);
    return planTopN(q, scope, plan, input);
  }
  if (unnestItems(q).length > 0) {
    refuseOverUpdating(input, 'UNNEST', q.from.pos);
    return planUnnest(q, scope, plan, input);
  }
  const list = planSelectList(q.items, scope, {
    wildcard: true,
    bind: (e) => bindExpr(e, ctx),
    asWindow: (e) => {
      if (e.kind !== 'ident') return null;
      const r = resolveIdent(scope, e.parts, e.pos);
      return r.kind === 'window' ? { start: r.column.start, end: r.column.end } : null;
    },
  });
  const out = isIdentity(plan, list.project) ? plan : project(plan, list.project);
  const rel: Relation = { plan: out, columns: list.columns, hasEventTime: input.hasEventTime };
  return input.updating === true ? { ...rel, updating: true } : rel;
}

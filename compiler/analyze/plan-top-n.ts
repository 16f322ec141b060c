import type { AstExpr } from '../ast/expr.ts';
import type { AstQuery } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import { project } from '../logical/build.ts';
import type { LogicalPlan, ProjectColumn } from '../logical/plan.ts';
import type { TopNNode } from '../logical/top-n-unnest-union-nodes.ts';
import type { Expr } from '../spec/expr.ts';
import type { TopNSpec } from '../spec/top-n-unnest-spec.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { NameAllocator } from './names.ts';
import { type Relation, resolveIdent, type Scope } from './scope.ts';
import { onlySelectItem, planSelectList, selectItems } from './select-list.ts';

type OverCall = Extract<AstExpr, { kind: 'call' }> & {
  readonly over: NonNullable<Extract<AstExpr, { kind: 'call' }>['over']>;
};

const RANKING = ['row_number', 'rank', 'dense_rank'] as const;
const HINT =
  'top-N: SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY window ORDER BY n DESC) AS rn FROM windowed) WHERE rn <= 3';

export const isOverCall = (e: AstExpr): e is OverCall => e.kind === 'call' && e.over !== undefined;

/** The SELECT items that are window functions (`… OVER (…)`). */
export const overItems = (q: AstQuery): OverCall[] => selectItems(q, isOverCall);

/**
 * Plans a SELECT holding one ranking window function over a windowed input:
 * project (input + any computed partition/order columns) → top_n (shuffle by window + partition
 * keys; adds the rank) → project (the SELECT list). The outer query's `WHERE rn <= N` stays a
 * filter after it.
 */
export function planTopN(q: AstQuery, scope: Scope, plan: LogicalPlan, input: Relation): Relation {
  const call = onlySelectItem(q, isOverCall, 'only one window function per SELECT is supported', HINT);
  const fn = RANKING.find((r) => r === call.name);
  if (fn === undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      call.pos,
      `${call.name}(…) OVER (…) is not supported`,
      `only row_number(), rank() and dense_rank() are, for ${HINT}`,
    );
  if (call.args.length > 0 || call.star || call.distinct === true)
    throw sqlError('SQL_INVALID', call.pos, `${fn}() takes no arguments`, `write ${fn}() OVER (…)`);
  const ctx: BindContext = { resolve: (parts, pos) => resolveIdent(scope, parts, pos) };
  const names = new NameAllocator(plan.schema.map((f) => f.name));
  const hidden: ProjectColumn[] = [];
  const columnOf = (e: Expr, hint: string): string => {
    if (e.kind === 'column') return e.name;
    const name = names.take(hint);
    hidden.push({ name, expr: e });
    return name;
  };
  let windowEnd: string | null = null;
  const partitionBy: string[] = [];
  for (const p of call.over.partitionBy) {
    if (p.kind === 'ident') {
      const r = resolveIdent(scope, p.parts, p.pos);
      if (r.kind === 'window') {
        if (windowEnd !== null)
          throw sqlError(
            'SQL_UNSUPPORTED',
            p.pos,
            'PARTITION BY names two windows',
            'partition by one window',
          );
        windowEnd = r.column.end;
        partitionBy.push(r.column.start, r.column.end);
        continue;
      }
    }
    partitionBy.push(columnOf(bindExpr(p, ctx), `_p${partitionBy.length}`));
  }
  if (windowEnd === null)
    throw sqlError(
      'SQL_UNSUPPORTED',
      call.over.pos,
      `${fn}() OVER needs PARTITION BY window (the window struct of a windowed aggregate)`,
      `a stream never ends, so ranks are computed per window: ${HINT}`,
    );
  const orderBy = call.over.orderBy.map((o, i) => ({
    column: columnOf(bindExpr(o.expr, ctx), `_o${i}`),
    desc: o.desc,
    nullsFirst: o.nullsFirst ?? false,
  }));
  const rankColumn = names.take(`_${fn}`);
  const pre = hidden.length === 0 ? plan : project(plan, [...identity(plan), ...hidden]);
  const spec: TopNSpec = { kind: 'top_n', fn, partitionBy, windowEnd, orderBy, rankColumn, limit: null };
  const node: TopNNode = {
    kind: 'top_n',
    input: pre,
    spec,
    schema: [...pre.schema, { name: rankColumn, type: 'int', nullable: false }],
  };
  const list = planSelectList(q.items, scope, {
    wildcard: true,
    bind: (e) => (e === call ? { kind: 'column', name: rankColumn, type: 'int' } : bindExpr(e, ctx)),
    asWindow: (e) => {
      if (e.kind !== 'ident') return null;
      const r = resolveIdent(scope, e.parts, e.pos);
      return r.kind === 'window' ? { start: r.column.start, end: r.column.end } : null;
    },
  });
  return { plan: project(node, list.project), columns: list.columns, hasEventTime: input.hasEventTime };
}

const identity = (plan: LogicalPlan): ProjectColumn[] =>
  plan.schema.map((f) => ({ name: f.name, expr: { kind: 'column', name: f.name, type: f.type } }));

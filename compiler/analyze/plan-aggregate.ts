import { type AstExpr, someExpr } from '../ast/expr.ts';
import type { AstQuery } from '../ast/statement.ts';
import { NO_POS, type Pos, SqlError, sqlError } from '../errors/sql-error.ts';
import { filter, project, windowAggregate } from '../logical/build.ts';
import type { AggregateCall, LogicalPlan, ProjectColumn } from '../logical/plan.ts';
import { updatingAggregate } from '../logical/updating-aggregate-node.ts';
import type { Expr } from '../spec/expr.ts';
import type { WindowSpec } from '../spec/pipeline-spec.ts';
import { bindAggregate, isAggregateCall } from './aggregates.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { resolveGroupBy } from './group-by.ts';
import { bindHaving } from './having.ts';
import { NameAllocator } from './names.ts';
import { checkProcessingTimeWindow } from './processing-time.ts';
import { findByName, type Relation, resolveIdent, type Scope } from './scope.ts';
import { planSelectList } from './select-list.ts';
import { sameWindowCall } from './window-call.ts';
import { windowOf } from './window-of.ts';

/**
 * Plans `SELECT … GROUP BY tumble(…)|hop(…)|session(…), keys [HAVING …]` as: pre-aggregation project
 * (keys and aggregate arguments) → window_aggregate → filter (HAVING) → post project (the SELECT
 * list). Without a window it is an updating aggregate (updating-aggregate-node.ts), which emits
 * changes and must feed the sink directly.
 */
export function planAggregate(
  q: AstQuery,
  scope: Scope,
  input: LogicalPlan,
  hasEventTime: boolean,
): Relation {
  const inputCtx: BindContext = { resolve: (parts, pos) => resolveIdent(scope, parts, pos) };
  const { window, keys } = resolveGroupBy(q, scope, inputCtx, (pos) => inputBucket(input, pos));
  const inputWindow = scope.columns.find((c) => c.kind === 'window');
  if (window === null && inputWindow !== undefined)
    // As Arroyo: windowed rows are aggregated per window, never into one ever-updating total.
    throw sqlError(
      'SQL_INVALID',
      q.groupBy[0]?.expr.pos ?? q.pos,
      `must have window in aggregate: the input is windowed (${inputWindow.name}) but this GROUP BY has no window`,
      `add ${inputWindow.name} to GROUP BY (the input's window), or a tumble(…)/hop(…)/session(…) call`,
    );
  if (window !== null && !hasEventTime) checkProcessingTimeWindow(input, window.pos);

  // Names in the pre-aggregation row and in the aggregate's output row.
  const pre = new NameAllocator();
  const keyNames = keys.map((k, i) => pre.take(k.expr.kind === 'column' ? k.expr.name : `k${i}`));
  const preColumns: ProjectColumn[] = keys.map((k, i) => ({ name: keyNames[i] ?? '', expr: k.expr }));
  if (keyNames.length === 0) {
    // A global window still shuffles by a key: one constant key sends every row to one key group.
    const name = pre.take('_global');
    keyNames.push(name);
    preColumns.push({ name, expr: { kind: 'literal', value: 0, type: 'int' } });
  }
  const out = new NameAllocator(keyNames);
  const bucketStart = window === null ? '' : out.take(`${window.name}_start`);
  const bucketEnd = window === null ? '' : out.take(`${window.name}_end`);
  // Re-aggregating the input's window: its start/end columns are keys, and the window itself.
  const keyOf = (column: string): string =>
    keyNames[keys.findIndex((k) => k.expr.kind === 'column' && k.expr.name === column)] ?? '';
  const windowStart = window?.input === undefined ? bucketStart : keyOf(window.input.start);
  const windowEnd = window?.input === undefined ? bucketEnd : keyOf(window.input.end);

  const aggregates: (AggregateCall & { readonly key: string })[] = [];
  const argColumns = new Map<string, string>();
  const argName = (arg: Expr): string => {
    const json = JSON.stringify(arg);
    const keyIdx = keys.findIndex((k) => JSON.stringify(k.expr) === json);
    if (keyIdx >= 0) return keyNames[keyIdx] ?? '';
    const existing = argColumns.get(json);
    if (existing !== undefined) return existing;
    const name = pre.take(arg.kind === 'column' ? arg.name : `a${argColumns.size}`);
    argColumns.set(json, name);
    preColumns.push({ name, expr: arg });
    return name;
  };

  const isWindowName = (name: string | undefined): boolean =>
    window !== null &&
    name !== undefined &&
    name.toLowerCase() === window.name.toLowerCase() &&
    findByName(scope.columns, name) === undefined;
  const isWindowExpr = (e: AstExpr): boolean =>
    window !== null &&
    (window.input === undefined
      ? (e.kind === 'ident' && e.parts.length === 1 && isWindowName(e.parts[0])) ||
        sameWindowCall(e, window.spec)
      : isInputWindow(e, scope, window.input.start));
  const windowName = window?.name ?? 'window';

  let top: { expr: AstExpr; name: string } | null = null;
  const aggCtx: BindContext = {
    resolve: (parts, pos) => notGrouped(parts.join('.'), pos),
    intercept: (e) => {
      if (isAggregateCall(e)) {
        const bound = bindAggregate(e, inputCtx);
        const json = JSON.stringify(bound);
        const found = aggregates.find((a) => a.key === json);
        if (found) return { kind: 'column', name: found.name, type: found.type };
        const preferred = top?.expr === e ? top.name : `agg${aggregates.length}`;
        const name = out.take(preferred);
        aggregates.push({
          name,
          fn: bound.fn,
          arg: bound.arg ? argName(bound.arg) : null,
          ...(bound.arg2 === undefined ? {} : { arg2: argName(bound.arg2) }),
          ...(bound.percentile === undefined ? {} : { percentile: bound.percentile }),
          type: bound.type,
          ...(bound.udf === undefined ? {} : { udf: bound.udf }),
          key: json,
        });
        return { kind: 'column', name, type: bound.type };
      }
      if (isWindowExpr(e))
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          e.pos,
          `${windowName} is a window struct and cannot be used in an expression`,
          `use ${windowName}.start or ${windowName}.end`,
        );
      if (e.kind === 'ident' && e.parts.length === 2 && isWindowName(e.parts[0])) {
        const f = e.parts[1];
        if (f === 'start' || f === 'end')
          return { kind: 'column', name: f === 'start' ? windowStart : windowEnd, type: 'timestamp' };
        throw sqlError(
          'SQL_UNKNOWN_COLUMN',
          e.pos,
          `${windowName} has no field ${f}`,
          `use ${windowName}.start or ${windowName}.end`,
        );
      }
      if (e.kind === 'literal' || someExpr(e, isAggregateCall) || someExpr(e, isWindowExpr)) return undefined;
      const json = JSON.stringify(bindExpr(e, inputCtx));
      const k = keys.findIndex((x) => JSON.stringify(x.expr) === json);
      if (k >= 0) {
        const key = keys[k];
        return { kind: 'column', name: keyNames[k] ?? '', type: key?.expr.type ?? 'null' };
      }
      if (e.kind === 'ident') notGrouped(e.parts.join('.'), e.pos);
      return undefined;
    },
  };
  const list = planSelectList(q.items, scope, {
    wildcard: false,
    asWindow: (e) => (isWindowExpr(e) ? { start: windowStart, end: windowEnd } : null),
    bind: (e, name) => {
      top = { expr: e, name };
      return bindExpr(e, aggCtx);
    },
  });
  const having = bindHaving(q, (e) => {
    top = null;
    return bindExpr(e, aggCtx);
  });
  const preNode = project(input, preColumns);
  const calls = aggregates.map(({ key: _key, ...a }) => a);
  if (window === null) {
    const node = updatingAggregate(preNode, keyNames, calls, having, list.project);
    return { plan: node, columns: list.columns, hasEventTime, updating: true };
  }
  const agg = {
    ...windowAggregate(preNode, window.spec, keyNames, calls, bucketStart, bucketEnd),
    ...(window.input === undefined ? {} : { perInputWindow: true }),
  };
  const kept = having === null ? agg : filter(agg, having);
  return { plan: project(kept, list.project), columns: list.columns, hasEventTime: true };
}

/** Whether `e` names the input's window struct (the one whose start column is `start`). */
function isInputWindow(e: AstExpr, scope: Scope, start: string): boolean {
  if (e.kind !== 'ident') return false;
  try {
    const r = resolveIdent(scope, e.parts, e.pos);
    return r.kind === 'window' && r.column.start === start;
  } catch (err) {
    if (err instanceof SqlError) return false;
    throw err;
  }
}

/** The tumble that buckets an input's window results: its tumble size or hop slide. */
function inputBucket(input: LogicalPlan, pos: Pos): WindowSpec {
  const w = windowOf(input);
  if (w === null)
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      "grouping by a session window's results per window is not supported",
      'group the source by the session(…) call itself, or use a tumble(…)/hop(…) window',
    );
  return { kind: 'tumble', sizeMs: w.sizeMs };
}

function notGrouped(name: string, pos: Pos = NO_POS): never {
  throw sqlError(
    'SQL_INVALID',
    pos,
    `column ${name} must appear in GROUP BY or inside an aggregate`,
    `add ${name} to GROUP BY, or aggregate it, e.g. max(${name})`,
  );
}

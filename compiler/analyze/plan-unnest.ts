import { type AstExpr, someExpr } from '../ast/expr.ts';
import type { AstQuery } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import { project } from '../logical/build.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { UnnestNode } from '../logical/top-n-unnest-union-nodes.ts';
import { elementType, isArrayType } from '../spec/array-types.ts';
import { type BindContext, bindExpr } from './bind-expr.ts';
import { NameAllocator } from './names.ts';
import { type Relation, resolveIdent, type Scope } from './scope.ts';
import { onlySelectItem, planSelectList, selectItems } from './select-list.ts';
import { sqlTypeName } from './type-rules.ts';

type UnnestCall = Extract<AstExpr, { kind: 'call' }>;

export const isUnnestCall = (e: AstExpr): e is UnnestCall => e.kind === 'call' && e.name === 'unnest';

/** The SELECT items that are `unnest(array)`. */
export const unnestItems = (q: AstQuery): UnnestCall[] => selectItems(q, isUnnestCall);

/**
 * Plans `SELECT …, unnest(arr) [AS x], … FROM …`: project (input + the array) → unnest (one row per
 * element) → project (the SELECT list, the unnest item reading the element).
 */
export function planUnnest(q: AstQuery, scope: Scope, plan: LogicalPlan, input: Relation): Relation {
  const call = onlySelectItem(
    q,
    isUnnestCall,
    'only one unnest() per SELECT is supported',
    'unnest one array per query; nest queries to unnest another',
  );
  if (call.args.length !== 1 || call.star)
    throw sqlError('SQL_INVALID', call.pos, 'unnest() takes one array argument', 'write unnest(tags)');
  const ctx: BindContext = { resolve: (parts, pos) => resolveIdent(scope, parts, pos) };
  const arg = call.args[0]!;
  if (someExpr(arg, isUnnestCall))
    throw sqlError(
      'SQL_UNSUPPORTED',
      arg.pos,
      'nested unnest() is not supported',
      'unnest one level per query',
    );
  const array = bindExpr(arg, ctx);
  if (!isArrayType(array.type))
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      arg.pos,
      `unnest() needs an array, got ${sqlTypeName(array.type)}`,
      "declare the column as TEXT[] / BIGINT[], or split a string: unnest(split(s, ','))",
    );
  const names = new NameAllocator(plan.schema.map((f) => f.name));
  const column = names.take('_unnest_array');
  const output = names.take('_unnest');
  const pre = project(plan, [
    ...plan.schema.map((f) => ({
      name: f.name,
      expr: { kind: 'column' as const, name: f.name, type: f.type },
    })),
    { name: column, expr: array },
  ]);
  const elem = elementType(array.type);
  const node: UnnestNode = {
    kind: 'unnest',
    input: pre,
    spec: { kind: 'unnest', column, output },
    schema: [...pre.schema, { name: output, type: elem, nullable: true }],
  };
  const list = planSelectList(q.items, scope, {
    wildcard: true,
    bind: (e) => (e === call ? { kind: 'column', name: output, type: elem } : bindExpr(e, ctx)),
    asWindow: (e) => {
      if (e.kind !== 'ident') return null;
      const r = resolveIdent(scope, e.parts, e.pos);
      return r.kind === 'window' ? { start: r.column.start, end: r.column.end } : null;
    },
  });
  return { plan: project(node, list.project), columns: list.columns, hasEventTime: input.hasEventTime };
}

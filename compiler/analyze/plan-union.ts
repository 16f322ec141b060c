import type { AstQuery } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import { project } from '../logical/build.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import type { UnionNode } from '../logical/top-n-unnest-union-nodes.ts';
import type { Field } from '../spec/types.ts';
import type { Relation, RelColumn } from './scope.ts';
import { castHint, sqlTypeName, unify } from './type-rules.ts';

/**
 * Plans `q UNION ALL q2 UNION ALL …`: every branch must yield the same number of columns with
 * compatible types (INT widens to DOUBLE); names come from the first branch. Each branch is cast
 * and renamed to the union's schema, and all must carry event time or none.
 */
export function planUnion(q: AstQuery, planBranch: (q: AstQuery) => Relation): Relation {
  const { unionAll = [], ...head } = q;
  const branches = [head, ...unionAll].map((b) => ({ ast: b, rel: planBranch(b) }));
  const first = branches[0]!;
  const names = first.rel.plan.schema.map((f) => f.name);
  let types = first.rel.plan.schema.map((f) => f.type);
  for (const b of branches.slice(1)) {
    const schema = b.rel.plan.schema;
    if (schema.length !== names.length)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        b.ast.pos,
        `UNION ALL branches differ: ${names.length} columns vs ${schema.length}`,
        `select the same columns in every branch: ${names.join(', ')}`,
      );
    types = types.map((t, i) => {
      const other = schema[i]!;
      const u = unify(t, other.type);
      if (u === null)
        throw sqlError(
          'SQL_TYPE_MISMATCH',
          b.ast.pos,
          `UNION ALL column ${i + 1} (${names[i]}) is ${sqlTypeName(t)} in one branch and ${sqlTypeName(other.type)} in another`,
          castHint(other.name, t),
        );
      return u;
    });
    if (b.rel.hasEventTime !== first.rel.hasEventTime)
      throw sqlError(
        'SQL_INVALID',
        b.ast.pos,
        'UNION ALL mixes branches with and without event time',
        'read sources that all declare a WATERMARK (or none)',
      );
  }
  for (const b of branches)
    if (b.rel.updating === true || b.rel.columns.some((c) => c.kind === 'window'))
      throw sqlError(
        'SQL_UNSUPPORTED',
        b.ast.pos,
        b.rel.updating === true
          ? 'UNION ALL of updating aggregates is not supported'
          : 'UNION ALL of a window struct column is not supported',
        b.rel.updating === true
          ? 'union the inputs first, then aggregate the union'
          : 'select window.start and window.end as columns in each branch',
      );
  const inputs: LogicalPlan[] = branches.map((b) => {
    const schema = b.rel.plan.schema;
    const same = schema.every((f, i) => f.name === names[i] && f.type === types[i]);
    if (same) return b.rel.plan;
    return project(
      b.rel.plan,
      schema.map((f, i) => {
        const col = { kind: 'column' as const, name: f.name, type: f.type };
        const to = types[i]!;
        return {
          name: names[i]!,
          expr: f.type === to || f.type === 'null' ? col : { kind: 'cast' as const, expr: col, type: to },
        };
      }),
    );
  });
  const schema: Field[] = names.map((name, i) => ({
    name,
    type: types[i]!,
    nullable: inputs.some((p) => p.schema[i]?.nullable ?? true),
  }));
  const node: UnionNode = { kind: 'union', inputs, schema };
  const columns: RelColumn[] = schema.map((f) => ({ kind: 'scalar', name: f.name, type: f.type }));
  return { plan: node, columns, hasEventTime: first.rel.hasEventTime };
}

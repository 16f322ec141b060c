import type { AstQuery, AstStatement } from '../ast/statement.ts';
import { NO_POS, sqlError } from '../errors/sql-error.ts';
import { project, sink } from '../logical/build.ts';
import type { LogicalPlan, ProjectColumn } from '../logical/plan.ts';
import type { SinkSpec } from '../spec/pipeline-spec.ts';
import type { Field } from '../spec/types.ts';
import { type Catalog, lookup, planQuery, unknownTable } from './plan-query.ts';
import type { Relation } from './scope.ts';
import { defaultName } from './select-list.ts';
import { applySet, defaultSettings } from './settings.ts';
import { type TableDef, tableDef } from './table-def.ts';
import { castHint, sqlTypeName, unify } from './type-rules.ts';
import { finishUpdating } from './updating-guard.ts';

export interface PlanOptions {
  readonly baseDir?: string | undefined;
}

/** All statements of a file → the logical plan of its one INSERT or SELECT, ending in a sink. */
export function planPipeline(statements: readonly AstStatement[], opts: PlanOptions): LogicalPlan {
  const tables = new Map<string, TableDef>();
  const views = new Map<string, { relation: Relation; pos: typeof NO_POS }>();
  const catalog: Catalog = { tables, views, settings: defaultSettings() };
  const targets: Extract<AstStatement, { kind: 'insert' | 'select' }>[] = [];
  for (const st of statements) {
    switch (st.kind) {
      case 'create_table':
      case 'create_view': {
        if (lookup(tables, st.name) !== undefined || lookup(views, st.name) !== undefined)
          throw sqlError(
            'SQL_INVALID',
            st.pos,
            `${st.name} is already defined`,
            'give each table and view its own name',
          );
        if (st.kind === 'create_table') tables.set(st.name, tableDef(st, opts.baseDir));
        else views.set(st.name, { relation: planQuery(st.query, catalog), pos: st.pos });
        break;
      }
      case 'insert':
      case 'select':
        targets.push(st);
        break;
      case 'set':
        applySet(st, catalog.settings ?? defaultSettings());
        break;
      default: {
        const never: never = st;
        return never;
      }
    }
  }
  const [target, extra] = targets;
  if (extra !== undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      extra.pos,
      'more than one INSERT or SELECT per pipeline is not supported yet',
      'put each query in its own .sql file, or combine them into one query',
    );
  if (target === undefined)
    throw sqlError(
      'SQL_INVALID',
      statements[statements.length - 1]?.pos ?? NO_POS,
      'nothing to run: the file has no INSERT INTO … SELECT or SELECT',
      'add INSERT INTO <sink> SELECT … FROM <source>, or a bare SELECT to preview',
    );
  const declared = target.kind === 'insert' ? lookup(tables, target.table) : undefined;
  const query =
    declared?.role === 'sink' ? nameDuplicatesBySink(target.query, declared.columns) : target.query;
  const relation = planQuery(query, catalog);
  if (target.kind === 'select') {
    const preview = { kind: 'preview', stream: 'preview' } as const;
    return sink(finishUpdating(relation.plan, preview, target.pos), preview);
  }
  const table = lookup(tables, target.table);
  if (table === undefined) {
    if (lookup(views, target.table) !== undefined)
      throw sqlError(
        'SQL_INVALID',
        target.pos,
        `cannot INSERT INTO the view ${target.table}`,
        "INSERT INTO a table created WITH (type = 'sink')",
      );
    return unknownTable(target.table, target.pos, catalog);
  }
  if (table.role !== 'sink')
    throw sqlError(
      'SQL_INVALID',
      target.pos,
      `${table.name} is a source table; INSERT needs a sink`,
      `create a table WITH (…, type = 'sink') and INSERT INTO it`,
    );
  const conformed = conform(relation.plan, table.columns, target.query, table.sink);
  return sink(finishUpdating(conformed, table.sink, target.pos), table.sink);
}

/**
 * `INSERT INTO out (left_count, right_count) SELECT a.counter, b.counter …`: the sink's declared
 * columns name the query's by position, so two unaliased items with the same default name are not
 * a conflict there (Arroyo accepts them). Such a repeated item takes the sink column's name.
 */
function nameDuplicatesBySink(q: AstQuery, declared: readonly Field[]): AstQuery {
  if (declared.length !== q.items.length || q.unionAll !== undefined) return q;
  const seen = new Set<string>();
  const items = q.items.map((item, i) => {
    if (item.kind !== 'expr') return item;
    const name = (item.alias ?? defaultName(item.expr, i, '')).toLowerCase();
    const repeated = seen.has(name);
    seen.add(name);
    const to = declared[i]?.name;
    return repeated && item.alias === null && to !== undefined ? { ...item, alias: to } : item;
  });
  return { ...q, items };
}

/** Checks the query against a sink's declared columns (by position) and renames to match. */
function conform(plan: LogicalPlan, declared: readonly Field[], q: AstQuery, spec: SinkSpec): LogicalPlan {
  if (declared.length === 0) return plan;
  const name = spec.kind === 'preview' ? 'preview' : spec.table;
  if (declared.length !== plan.schema.length)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      q.pos,
      `the query yields ${plan.schema.length} columns but ${name} declares ${declared.length}`,
      `select exactly: ${declared.map((d) => d.name).join(', ')}`,
    );
  const oneToOne = q.items.length === declared.length && q.items.every((i) => i.kind === 'expr');
  declared.forEach((d, i) => {
    const actual = plan.schema[i] as Field;
    if (actual.type !== 'null' && unify(d.type, actual.type) !== d.type)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        (oneToOne ? q.items[i]?.pos : undefined) ?? q.pos,
        `column ${i + 1} (${actual.name}) is ${sqlTypeName(actual.type)} but ${name}.${d.name} is ${sqlTypeName(d.type)}`,
        castHint(actual.name, d.type),
      );
  });
  if (declared.every((d, i) => plan.schema[i]?.name === d.name)) return plan;
  const renamed = (cols: readonly ProjectColumn[]): ProjectColumn[] =>
    cols.map((c, i) => ({ name: declared[i]?.name ?? c.name, expr: c.expr }));
  if (plan.kind === 'project') return project(plan.input, renamed(plan.columns));
  return project(
    plan,
    renamed(plan.schema.map((f) => ({ name: f.name, expr: { kind: 'column', name: f.name, type: f.type } }))),
  );
}

import type { AstQuery, AstStatement } from '../ast/statement.ts';
import { sinkFileOf, sinkTableOf } from '../connectors/index.ts';
import { NO_POS, sqlError } from '../errors/sql-error.ts';
import { project, sink } from '../logical/build.ts';
import type { LogicalPlan, ProjectColumn } from '../logical/plan.ts';
import type { Expr } from '../spec/expr.ts';
import type { SinkSpec } from '../spec/pipeline-spec.ts';
import type { Field } from '../spec/types.ts';
import { isMemoryTable, type MemoryTable, memoryTable, memoryWrittenTwice } from './memory-table.ts';
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

type Target = Extract<AstStatement, { kind: 'insert' | 'select' }>;
type Insert = Extract<AstStatement, { kind: 'insert' }>;

/**
 * All statements of a file → one logical plan per sink, each ending in its sink: every INSERT INTO
 * a sink (several INSERTs into one sink are merged as a UNION ALL of their queries), and at most
 * one bare SELECT (the preview). An INSERT INTO a memory table defines that table's rows for the
 * queries after it, like a view.
 */
export function planPipeline(statements: readonly AstStatement[], opts: PlanOptions): LogicalPlan[] {
  const tables = new Map<string, TableDef>();
  const views = new Map<string, { relation: Relation; pos: typeof NO_POS }>();
  const memories = new Map<string, MemoryTable>();
  const unwritten = new Map<string, MemoryTable>();
  const catalog: Catalog = { tables, views, settings: defaultSettings(), unwritten };
  const writes = new Set(statements.flatMap((st) => (st.kind === 'insert' ? [st.table.toLowerCase()] : [])));
  const writtenAt = new Map<MemoryTable, typeof NO_POS>();
  const targets: Target[] = [];
  for (const st of statements) {
    switch (st.kind) {
      case 'create_table':
      case 'create_view': {
        if (
          lookup(tables, st.name) !== undefined ||
          lookup(views, st.name) !== undefined ||
          lookup(memories, st.name) !== undefined
        )
          throw sqlError(
            'SQL_INVALID',
            st.pos,
            `${st.name} is already defined`,
            'give each table and view its own name',
          );
        if (st.kind === 'create_table' && isMemoryTable(st)) {
          const m = memoryTable(st, writes.has(st.name.toLowerCase()));
          memories.set(st.name, m);
          unwritten.set(st.name, m);
        } else if (st.kind === 'create_table') tables.set(st.name, tableDef(st, opts.baseDir));
        else views.set(st.name, { relation: planQuery(st.query, catalog), pos: st.pos });
        break;
      }
      case 'insert': {
        const m = lookup(memories, st.table);
        if (m === undefined) targets.push(st);
        else {
          const first = writtenAt.get(m);
          if (first !== undefined) return memoryWrittenTwice(m, st.pos, first);
          views.set(m.name, { relation: writeMemory(m, st, catalog), pos: m.pos });
          unwritten.delete(m.name);
          writtenAt.set(m, st.pos);
        }
        break;
      }
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
  const selects = targets.filter((t) => t.kind === 'select');
  if (selects[1] !== undefined)
    throw sqlError(
      'SQL_UNSUPPORTED',
      selects[1].pos,
      'more than one SELECT per pipeline is not supported yet',
      'preview one SELECT at a time, or INSERT INTO a sink the rows of the others',
    );
  if (targets.length === 0)
    throw sqlError(
      'SQL_INVALID',
      statements[statements.length - 1]?.pos ?? NO_POS,
      writtenAt.size > 0
        ? 'nothing to run: the file writes only memory tables, which keep no rows'
        : 'nothing to run: the file has no INSERT INTO … SELECT or SELECT',
      'add INSERT INTO <sink> SELECT … FROM <source>, or a bare SELECT to preview',
    );
  // One plan per sink, in the order of each sink's first INSERT.
  const bySink = new Map<TableDef | 'preview', Target[]>();
  for (const t of targets) {
    const key = t.kind === 'select' ? 'preview' : sinkOf(t, catalog);
    bySink.set(key, [...(bySink.get(key) ?? []), t]);
  }
  sameFileTwice([...bySink.entries()]);
  return [...bySink.entries()].map(([key, group]) => {
    const [target] = group as [Target, ...Target[]];
    if (key === 'preview' || target.kind === 'select') {
      const preview = { kind: 'preview', stream: 'preview' } as const;
      return sink(finishUpdating(planQuery(target.query, catalog).plan, preview, target.pos), preview);
    }
    if (key.role !== 'sink') throw new Error('planPipeline: an INSERT target that is not a sink');
    const query = mergeInserts(group.map((t) => nameDuplicatesBySink(t.query, key.columns)));
    const relation = planQuery(query, catalog);
    const conformed = conform(relation.plan, key.columns, query, key.sink);
    return sink(finishUpdating(conformed, key.sink, target.pos), key.sink);
  });
}

/** The sink table an INSERT writes; refuses a view, a source or an unknown name. */
function sinkOf(target: Insert, catalog: Catalog): TableDef {
  const table = lookup(catalog.tables, target.table);
  if (table === undefined) {
    if (lookup(catalog.views, target.table) !== undefined)
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
  return table;
}

/** Two single_file sinks on one path would overwrite each other's file: refused at the later INSERT. */
function sameFileTwice(groups: readonly [TableDef | 'preview', readonly Target[]][]): void {
  const paths = new Map<string, string>();
  for (const [key, [target]] of groups) {
    const file = key !== 'preview' && key.role === 'sink' ? sinkFileOf(key.sink) : undefined;
    if (key === 'preview' || file === undefined) continue;
    const other = paths.get(file);
    if (other !== undefined)
      throw sqlError(
        'SQL_INVALID',
        target?.pos ?? key.pos,
        `sinks ${other} and ${key.name} write the same file ${file}`,
        `give ${key.name} its own path, or INSERT INTO ${other} (several INSERTs into one sink are merged)`,
      );
    paths.set(file, key.name);
  }
}

/** Several INSERTs into one sink write the UNION ALL of their queries (Arroyo merges them). */
function mergeInserts(queries: readonly AstQuery[]): AstQuery {
  const [head, ...rest] = queries.flatMap(({ unionAll = [], ...q }) => [q, ...unionAll]);
  if (head === undefined) throw new Error('mergeInserts: no query');
  return rest.length === 0 ? head : { ...head, unionAll: rest };
}

/** The rows of a memory table: its one INSERT's query, conformed to its declared columns. */
function writeMemory(m: MemoryTable, st: Insert, catalog: Catalog): Relation {
  const relation = planQuery(nameDuplicatesBySink(st.query, m.columns), catalog);
  if (m.columns.length === 0) return relation;
  return {
    ...relation,
    plan: conform(relation.plan, m.columns, st.query, m.name),
    columns: m.columns.map((c) => ({ kind: 'scalar', name: c.name, type: c.type })),
  };
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
function conform(
  plan: LogicalPlan,
  declared: readonly Field[],
  q: AstQuery,
  to: SinkSpec | string,
): LogicalPlan {
  if (declared.length === 0) return plan;
  const name = typeof to === 'string' ? to : (sinkTableOf(to) ?? 'preview');
  if (declared.length !== plan.schema.length)
    throw sqlError(
      'SQL_TYPE_MISMATCH',
      q.pos,
      `the query yields ${plan.schema.length} columns but ${name} declares ${declared.length}`,
      `select exactly: ${declared.map((d) => d.name).join(', ')}`,
    );
  const oneToOne = q.items.length === declared.length && q.items.every((i) => i.kind === 'expr');
  // Into a sink (not a memory table, whose column types are checked as declared).
  const narrowed = declared.map((d, i) => typeof to !== 'string' && isNarrowing(plan.schema[i] as Field, d));
  declared.forEach((d, i) => {
    const actual = plan.schema[i] as Field;
    if (actual.type !== 'null' && unify(d.type, actual.type) !== d.type && narrowed[i] !== true)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        (oneToOne ? q.items[i]?.pos : undefined) ?? q.pos,
        `column ${i + 1} (${actual.name}) is ${sqlTypeName(actual.type)} but ${name}.${d.name} is ${sqlTypeName(d.type)}`,
        castHint(actual.name, d.type),
      );
  });
  if (declared.every((d, i) => plan.schema[i]?.name === d.name) && !narrowed.includes(true)) return plan;
  const renamed = (cols: readonly ProjectColumn[]): ProjectColumn[] =>
    cols.map((c, i) => ({
      name: declared[i]?.name ?? c.name,
      expr: narrowed[i] === true ? truncateToInt(c.expr) : c.expr,
    }));
  if (plan.kind === 'project') return project(plan.input, renamed(plan.columns));
  return project(
    plan,
    renamed(plan.schema.map((f) => ({ name: f.name, expr: { kind: 'column', name: f.name, type: f.type } }))),
  );
}

/**
 * A DOUBLE query column into a BIGINT sink column: Arroyo (DataFusion) casts on INSERT, and its
 * float-to-integer cast truncates toward zero (49.5 → 49), where sluice's CAST rounds (DuckDB's).
 */
const isNarrowing = (actual: Field, declared: Field): boolean =>
  actual.type === 'float' && declared.type === 'int';

const truncateToInt = (e: Expr): Expr => ({
  kind: 'cast',
  expr: { kind: 'call', fn: 'trunc', args: [e], type: 'float' },
  type: 'int',
});

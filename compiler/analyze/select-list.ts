import type { AstExpr } from '../ast/expr.ts';
import type { AstQuery, AstSelectItem } from '../ast/statement.ts';
import { sqlError } from '../errors/sql-error.ts';
import type { ProjectColumn } from '../logical/plan.ts';
import type { Expr } from '../spec/expr.ts';
import type { RelColumn, Scope } from './scope.ts';

/** The SELECT items whose expression `is` accepts. */
export const selectItems = <T extends AstExpr>(q: AstQuery, is: (e: AstExpr) => e is T): T[] =>
  q.items.flatMap((i) => (i.kind === 'expr' && is(i.expr) ? [i.expr] : []));

/** The first SELECT item that `is` accepts (the caller knows there is one); a second is refused. */
export function onlySelectItem<T extends AstExpr>(
  q: AstQuery,
  is: (e: AstExpr) => e is T,
  refusal: string,
  hint: string,
): T {
  const [first, second] = selectItems(q, is);
  if (second !== undefined) throw sqlError('SQL_UNSUPPORTED', second.pos, refusal, hint);
  return first!;
}

/** Physical start/end columns of a window struct in the input row. */
export interface WindowSource {
  readonly start: string;
  readonly end: string;
}

export interface SelectListHooks {
  /** Binds one item's expression; `name` is the output name it will get. */
  readonly bind: (e: AstExpr, name: string) => Expr;
  /** If the item selects a whole window struct, where its start/end come from. */
  readonly asWindow: (e: AstExpr) => WindowSource | null;
  /** Whether `*` is allowed here. */
  readonly wildcard: boolean;
}

export interface SelectList {
  readonly project: readonly ProjectColumn[];
  readonly columns: readonly RelColumn[];
}

/** The default output name of an unaliased item: the column name, or the function name. */
export function defaultName(e: AstExpr, index: number, qualifier: string): string {
  switch (e.kind) {
    case 'ident': {
      const parts = e.parts[0] === qualifier && e.parts.length > 1 ? e.parts.slice(1) : e.parts;
      const last = parts[parts.length - 1] ?? `col${index + 1}`;
      return parts.length > 1 && (last === 'start' || last === 'end')
        ? `${parts[parts.length - 2]}_${last}`
        : last;
    }
    case 'call':
      return e.name;
    case 'cast':
      return defaultName(e.expr, index, qualifier);
    default:
      return `col${index + 1}`;
  }
}

/** Plans a SELECT list into project columns and the relation's visible columns. */
export function planSelectList(
  items: readonly AstSelectItem[],
  scope: Scope,
  hooks: SelectListHooks,
): SelectList {
  const project: ProjectColumn[] = [];
  const columns: RelColumn[] = [];
  const seen = new Set<string>();
  const add = (name: string, expr: Expr, pos: { line: number; column: number }): void => {
    if (seen.has(name))
      throw sqlError(
        'SQL_INVALID',
        pos,
        `the output column ${name} appears twice`,
        `give one of them another name with AS`,
      );
    seen.add(name);
    project.push({ name, expr });
  };
  items.forEach((item, i) => {
    if (item.kind === 'wildcard') {
      if (!hooks.wildcard)
        throw sqlError(
          'SQL_UNSUPPORTED',
          item.pos,
          'SELECT * is not supported with GROUP BY',
          'list the keys, window.start/window.end and aggregates',
        );
      const side = scope.sides?.find(
        (s) => s.scope.qualifier.toLowerCase() === item.qualifier?.toLowerCase(),
      );
      if (
        item.qualifier !== null &&
        side === undefined &&
        item.qualifier.toLowerCase() !== scope.qualifier.toLowerCase()
      )
        throw sqlError(
          'SQL_UNKNOWN_TABLE',
          item.pos,
          `unknown table or alias ${item.qualifier}`,
          `use ${scope.qualifier}.* or *`,
        );
      for (const c of side?.merged ?? scope.columns) {
        if (c.kind === 'scalar') add(c.name, { kind: 'column', name: c.name, type: c.type }, item.pos);
        else {
          add(c.start, { kind: 'column', name: c.start, type: 'timestamp' }, item.pos);
          add(c.end, { kind: 'column', name: c.end, type: 'timestamp' }, item.pos);
        }
        columns.push(c);
      }
      return;
    }
    const name = item.alias ?? defaultName(item.expr, i, scope.qualifier);
    const win = hooks.asWindow(item.expr);
    if (win !== null) {
      const start = `${name}_start`;
      const end = `${name}_end`;
      add(start, { kind: 'column', name: win.start, type: 'timestamp' }, item.pos);
      add(end, { kind: 'column', name: win.end, type: 'timestamp' }, item.pos);
      columns.push({ kind: 'window', name, start, end });
      return;
    }
    const expr = hooks.bind(item.expr, name);
    add(name, expr, item.pos);
    columns.push({ kind: 'scalar', name, type: expr.type });
  });
  return { project, columns };
}

import type { Row } from './types.ts';

/** Debezium operation of a change: create, update, delete. */
export type ChangeOp = 'c' | 'u' | 'd';

/**
 * A change emitted by an updating operator (updating-aggregate.ts): the row before and after, as
 * Debezium writes it. It travels to the stage's sink in place of a plain row; `CHANGE_MARK` tells
 * the sink formatter (connectors/sink-format.ts) apart from a plain row.
 */
export const CHANGE_MARK = '$change';

export interface ChangeRow {
  readonly [CHANGE_MARK]: 1;
  readonly before: Row | null;
  readonly after: Row | null;
  readonly op: ChangeOp;
}

export const changeRow = (before: Row | null, after: Row | null, op: ChangeOp): Row =>
  ({ [CHANGE_MARK]: 1, before, after, op }) satisfies ChangeRow;

export const isChangeRow = (row: Row): row is Row & ChangeRow => row[CHANGE_MARK] === 1;

/**
 * A row-wise step (filter and/or projection; `undefined` = filtered out) applied to a change: to
 * its before and after rows, then recombined by which side survives (both: `u`, only after: `c`,
 * only before: `d`, neither or an unchanged projection: nothing). A plain row goes through `fn`.
 */
export function mapChange(row: Row, fn: (r: Row) => Row | undefined): Row | undefined {
  if (!isChangeRow(row)) return fn(row);
  const before = row.before === null ? undefined : fn(row.before);
  const after = row.after === null ? undefined : fn(row.after);
  if (before === undefined) return after === undefined ? undefined : changeRow(null, after, 'c');
  if (after === undefined) return changeRow(before, null, 'd');
  if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
  return changeRow(before, after, 'u');
}

/**
 * A change crossing a shuffle travels as its halves, each routed by its own key (an update may move
 * a row to another key): the row it retracts (`before`, marked with RETRACT_MARK) and the row it
 * adds (`after`, plain). An updating aggregate (updating-aggregate.ts) takes a retraction out of
 * its key's accumulators.
 */
export const RETRACT_MARK = '$retract';

export const isRetraction = (row: Row): boolean => row[RETRACT_MARK] === 1;

/** The halves of a change, retraction first; a plain row is itself. */
export function changeHalves(row: Row): Row[] {
  if (!isChangeRow(row)) return [row];
  const out: Row[] = [];
  if (row.before !== null) out.push({ ...row.before, [RETRACT_MARK]: 1 });
  if (row.after !== null) out.push(row.after);
  return out;
}

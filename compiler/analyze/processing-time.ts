import { sourceDeclaration } from '../connectors/index.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { LogicalPlan } from '../logical/plan.ts';
import { EVENT_TIME_HINT } from './table-def.ts';

/**
 * A window over rows without event time. Arroyo then windows by processing time (the time a row is
 * read). sluice does the same for a bounded source read straight into the window (through filters
 * and projections): a row's time is its ingest record's Kinesis arrival time, stamped once when the
 * record entered the stream, so a replay assigns the same windows (I6: no wall clock in a stage),
 * and every window fires at the end of the input. An unbounded source is refused: its windows
 * would fire on a processing-time watermark, which only the wall clock could advance.
 */
export function checkProcessingTimeWindow(input: LogicalPlan, pos: Pos): void {
  let node: LogicalPlan = input;
  while (node.kind === 'filter' || node.kind === 'project') node = node.input;
  if (node.kind === 'scan' && node.source.eventTime === null) {
    // Bounded ones, read through an ingest stream (connector declarations: `bounded`, `feed`).
    const declared = sourceDeclaration(node.source);
    if (declared.bounded && declared.feed === 'ingest') return;
    throw sqlError(
      'SQL_UNSUPPORTED',
      pos,
      `a window over ${node.source.table}, which has no event time, would use processing time; sluice supports that only for bounded sources (single_file, filesystem), since on an unbounded stream only the wall clock could fire the windows, and a replay would differ`,
      EVENT_TIME_HINT,
    );
  }
  throw sqlError(
    'SQL_INVALID',
    pos,
    'a window needs event time, but the source has no WATERMARK or event_time_field',
    `${EVENT_TIME_HINT} (a window by processing time is supported only directly over a bounded source)`,
  );
}

import { z } from 'zod';
import { expr } from './expr.ts';

/**
 * Join operators. Both inputs are shuffled by the join key into ONE edge stream; each row carries
 * its side in `sideColumn` (0 = left, 1 = right) and its key values in `keys` (the same column
 * names on both sides, so equal keys route to the same key group). Each side's own columns are
 * already renamed to the join's output names (`left`, `right`); an output row holds the left
 * columns then the right columns, NULL for a missing side of an outer join. `residual` is the
 * rest of the ON condition (non-equalities), evaluated over the output row; NULL is false.
 */
export const joinType = z.enum(['inner', 'left', 'right', 'full']);
export type JoinType = z.infer<typeof joinType>;

const joinCommon = {
  sideColumn: z.string(),
  keys: z.array(z.string()).min(1),
  left: z.array(z.string()),
  right: z.array(z.string()),
  residual: expr.nullable(),
};

/**
 * Windowed join: rows fall into the tumbling window of their event time (a window aggregate's
 * result has time end − 1, so it lands in its own window). A window's pairs are emitted once the
 * stage watermark passes its end, sorted by key and then by each side's rows; ids are
 * `<windowStart>:<keyJson>:<n>`; event time end − 1.
 */
export const windowJoinSpec = z.object({
  kind: z.literal('window_join'),
  joinType,
  sizeMs: z.number().int().positive(),
  ...joinCommon,
});
export type WindowJoinSpec = z.infer<typeof windowJoinSpec>;

/**
 * Updating (unwindowed) join with an event-time TTL. Two rows with equal keys join when their event
 * times differ by at most `ttlMs`; a row's state expires once the watermark passes its time + TTL.
 * Inner: each pair is emitted when its second row arrives (event time = the later row's). Left: a
 * left row that never matched is emitted NULL-padded when it expires (event time = its time + TTL);
 * no retractions, so every output is final.
 */
export const updatingJoinSpec = z.object({
  kind: z.literal('updating_join'),
  joinType: z.enum(['inner', 'left']),
  ttlMs: z.number().int().positive(),
  ...joinCommon,
});
export type UpdatingJoinSpec = z.infer<typeof updatingJoinSpec>;

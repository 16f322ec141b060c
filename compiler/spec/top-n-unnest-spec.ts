import { z } from 'zod';

/**
 * Top-N per window: `row_number() | rank() | dense_rank() OVER (PARTITION BY window, … ORDER BY …)`.
 * Input rows arrive shuffled by `partitionBy` (which holds the window's end column `windowEnd`).
 * A partition's rows are buffered until the stage watermark reaches its window end, then sorted by
 * `orderBy`, ties broken by the whole row's JSON text (so the order is total and deterministic),
 * and emitted with the rank in `rankColumn` (row_number 1, 2, 3…; rank with gaps; dense_rank without),
 * keeping only ranks ≤ `limit` when set. Ids `<windowEnd>:<partitionJson>:<n>`; event time: the row's.
 */
export const topNSpec = z.object({
  kind: z.literal('top_n'),
  fn: z.enum(['row_number', 'rank', 'dense_rank']),
  partitionBy: z.array(z.string()).min(1),
  windowEnd: z.string(),
  orderBy: z.array(z.object({ column: z.string(), desc: z.boolean(), nullsFirst: z.boolean() })),
  rankColumn: z.string(),
  limit: z.number().int().positive().nullable(),
});
export type TopNSpec = z.infer<typeof topNSpec>;

/**
 * UNNEST: for each element of the array in `column`, emits the row with `output` set to the element
 * (the array column itself kept only if it is also a projected column). A NULL or empty array emits
 * nothing. Ids are positional.
 */
export const unnestSpec = z.object({
  kind: z.literal('unnest'),
  column: z.string(),
  output: z.string(),
});
export type UnnestSpec = z.infer<typeof unnestSpec>;

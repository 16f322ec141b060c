import { z } from 'zod';
import { NO_SEQ } from '../wire/seq.ts';
import { WM_MIN } from '../wire/watermark.ts';

/** Cumulative, exactly-once counters committed with each checkpoint. */
export const statsSchema = z.object({
  in: z.number().default(0),
  out: z.number().default(0),
  dlq: z.number().default(0),
  late: z.number().default(0),
  dup: z.number().default(0),
  invocations: z.number().default(0),
  /** DynamoDB write units consumed by this stage's commits, state pages and dead letters. */
  wcu: z.number().default(0),
  /** Kinesis PUT payload units (ceil(bytes / 25 KiB) per record) of the records it wrote. */
  putUnits: z.number().default(0),
  bytesOut: z.number().default(0),
});
export type Stats = z.infer<typeof statsSchema>;

/** The checkpoint `doc` (docs/internals.md), validated whenever it is read. */
export const checkpointDocSchema = z.object({
  /** Last committed input sequence number of this shard ("0": none). */
  seq: z.string(),
  /** Stage watermark after `seq` (ms; ±8.64e15 for ±∞). */
  wm: z.number(),
  /** Source stages: max event time seen. */
  srcMax: z.number(),
  /** Per producer shard `"p/s"`: dedupe frontier, covered intervals above it, highest watermark. */
  producers: z.record(
    z.string(),
    z.object({
      f: z.string(),
      iv: z.array(z.tuple([z.string(), z.string()])),
      w: z.number(),
      /** I5: intervals covered only for rows whose key-group hash key is in [lo, hi] (after a merge). */
      seg: z.array(z.tuple([z.string(), z.string(), z.array(z.tuple([z.string(), z.string()]))])).optional(),
      /** I5: the producer shard is closed; these are its children (it retires once all are heard). */
      ch: z.array(z.string()).optional(),
      /** Source stages reading envelopes: max event time seen from this producer shard (its watermark input). */
      m: z.number().optional(),
    }),
  ),
  /** Key group → state page reference `<pk>|<sk of chunk 0>`. */
  kg: z.record(z.string(), z.string()),
  /** single_file sink: newest committed part file name (in `<path>.parts/`). */
  sinkPart: z.string().nullable(),
  eos: z.boolean(),
  stats: statsSchema,
  /** I5: this shard is closed and drained; its children inherited this doc. Never committed again. */
  closed: z.boolean().optional(),
  /** I5: a child's inheritance: its parents, and every absorbed shard's children (announced downstream). */
  lineage: z
    .object({ parents: z.array(z.string()), lin: z.record(z.string(), z.array(z.string())) })
    .optional(),
  /** I6: watermark the clock advanced this idle source shard to (emitted downstream as markers). */
  idleWm: z.number().optional(),
  /** I6: wall time (ms) the clock first saw this shard with nothing pending; a normal commit clears it. */
  idleSince: z.number().optional(),
});
export type CheckpointDoc = z.infer<typeof checkpointDocSchema>;

export const emptyStats = (): Stats => ({
  in: 0,
  out: 0,
  dlq: 0,
  late: 0,
  dup: 0,
  invocations: 0,
  wcu: 0,
  putUnits: 0,
  bytesOut: 0,
});

export const emptyCheckpointDoc = (): CheckpointDoc => ({
  seq: NO_SEQ,
  wm: WM_MIN,
  srcMax: WM_MIN,
  producers: {},
  kg: {},
  sinkPart: null,
  eos: false,
  stats: emptyStats(),
});

/** A checkpoint as read: `epoch` 0 means none committed yet. */
export interface Checkpoint {
  readonly stageId: string;
  readonly shardId: string;
  readonly epoch: number;
  readonly doc: CheckpointDoc;
}

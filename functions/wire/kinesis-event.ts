import { z } from 'zod';
import { ConfigError } from '../errors.ts';

/** The Kinesis event of a Lambda event source mapping (only the fields sluice reads). */
export const kinesisEventRecord = z.object({
  eventID: z.string(),
  eventSourceARN: z.string(),
  kinesis: z.object({
    data: z.string(),
    sequenceNumber: z.string(),
    partitionKey: z.string().optional(),
    approximateArrivalTimestamp: z.number(),
  }),
});
export type KinesisEventRecord = z.infer<typeof kinesisEventRecord>;

export const kinesisEvent = z.object({ Records: z.array(kinesisEventRecord) });
export type KinesisEvent = z.infer<typeof kinesisEvent>;

export function parseKinesisEvent(event: unknown): KinesisEvent {
  const res = kinesisEvent.safeParse(event);
  if (!res.success) {
    throw new ConfigError(
      `not a Kinesis event: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return res.data;
}

/** The shard id is the part of `eventID` before `:` (docs/internals.md "Function environment"). */
export const shardIdOf = (r: KinesisEventRecord): string => {
  const i = r.eventID.indexOf(':');
  return i < 0 ? r.eventID : r.eventID.slice(0, i);
};

/** `arn:aws:kinesis:<region>:<account>:stream/<name>` → `<name>`. */
export const streamNameOfArn = (arn: string): string => {
  const i = arn.indexOf(':stream/');
  return i < 0 ? arn : arn.slice(i + ':stream/'.length);
};

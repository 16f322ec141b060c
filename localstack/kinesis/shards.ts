import type { KinesisRawClient } from './kinesis-raw-client.ts';

/** The Shard shape of ListShards, as kinesalite returns it. */
export interface Shard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
  readonly SequenceNumberRange: {
    readonly StartingSequenceNumber: string;
    readonly EndingSequenceNumber?: string;
  };
}

export const ARN_PREFIX = 'arn:aws:kinesis:us-east-1:000000000000:stream/';

export const streamArn = (name: string): string => `${ARN_PREFIX}${name}`;

/** The stream name of `arn:aws:kinesis:<region>:<account>:stream/<name>`, or undefined. */
export function streamNameFromArn(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:kinesis:[^:]*:[^:]*:stream\/([a-zA-Z0-9_.-]+)$/.exec(arn);
  return m?.[1];
}

export const isOpen = (s: Shard): boolean => s.SequenceNumberRange.EndingSequenceNumber === undefined;

export async function listShards(client: KinesisRawClient, streamName: string): Promise<Shard[]> {
  const out = await client.call<{ Shards: Shard[] }>('ListShards', { StreamName: streamName });
  return out.Shards;
}

/** Waits until the stream is ACTIVE (kinesalite rejects Split/Merge while it is UPDATING). */
export async function waitActive(
  client: KinesisRawClient,
  streamName: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await client.call<{ StreamDescriptionSummary: { StreamStatus: string } }>(
      'DescribeStreamSummary',
      {
        StreamName: streamName,
      },
    );
    if (out.StreamDescriptionSummary.StreamStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`stream ${streamName} not ACTIVE after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Compares decimal sequence numbers as integers (length, then lexicographic). */
export function compareSeq(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

import { type KinesisClient, ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';

/** Puts JSON lines on a stream in batches (partition key = line number), retrying failed records. */
export async function putLines(
  kinesis: KinesisClient,
  stream: string,
  lines: readonly string[],
  opts: { batch?: number; pauseMs?: number; firstKey?: number } = {},
): Promise<void> {
  const batch = opts.batch ?? 250;
  for (let i = 0; i < lines.length; i += batch) {
    let entries = lines.slice(i, i + batch).map((line, j) => ({
      Data: Buffer.from(line),
      PartitionKey: String((opts.firstKey ?? 0) + i + j),
    }));
    while (entries.length > 0) {
      const res = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
      entries = entries.filter((_, k) => res.Records?.[k]?.ErrorCode !== undefined);
    }
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
}

/** Puts one record on every open shard of the stream (ExplicitHashKey = the shard's first hash key). */
export async function putOnEveryShard(kinesis: KinesisClient, stream: string, line: string): Promise<void> {
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
  await kinesis.send(
    new PutRecordsCommand({
      StreamName: stream,
      Records: open.map((s) => ({
        Data: Buffer.from(line),
        PartitionKey: 'end',
        ExplicitHashKey: s.HashKeyRange?.StartingHashKey ?? '0',
      })),
    }),
  );
}

import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { decodeEnvelope, envelopeRowIds, forEachEnvelopeRow } from '../../functions/index.ts';

/**
 * Tails the pipeline's `preview` stream and hands each row to `onRow` once: preview envelopes may be
 * re-sent after a retry, so rows are deduplicated by their id (producer, shard, seq, index).
 */
export class PreviewTail {
  private stopped = false;
  private readonly seen = new Set<string>();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly kinesis: KinesisClient,
    private readonly streamName: string,
    private readonly onRow: (row: unknown) => void,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** Drains what is in the stream now, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    const shards =
      (await this.kinesis.send(new ListShardsCommand({ StreamName: this.streamName }))).Shards ?? [];
    await Promise.all(shards.map((s) => this.tailShard(s.ShardId ?? '')));
  }

  private async tailShard(shardId: string): Promise<void> {
    let iterator = (
      await this.kinesis.send(
        new GetShardIteratorCommand({
          StreamName: this.streamName,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const res = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const record of res.Records ?? []) {
        const env = decodeEnvelope(record.Data ?? new Uint8Array());
        const ids = envelopeRowIds(env);
        forEachEnvelopeRow(env, (_seq, _index, _t, row, k) => {
          const id = ids[k]!;
          if (this.seen.has(id)) return;
          this.seen.add(id);
          this.onRow(row);
        });
      }
      iterator = res.NextShardIterator;
      if ((res.Records ?? []).length === 0) {
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

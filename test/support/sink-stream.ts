import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { type WaitOptions, waitUntil } from './wait-until.ts';

/** Reads a one-shard stream from TRIM_HORIZON on, a batch per `next()`; records parse as JSON. */
export class SinkStreamReader<T = Record<string, unknown>> {
  readonly rows: T[] = [];
  private iterator: string | undefined;
  private opened = false;

  constructor(
    private readonly kinesis: KinesisClient,
    readonly stream: string,
  ) {}

  /** One GetRecords call; returns how many records it brought. */
  async next(): Promise<number> {
    if (!this.opened) {
      this.opened = true;
      const shards =
        (await this.kinesis.send(new ListShardsCommand({ StreamName: this.stream }))).Shards ?? [];
      if (shards.length !== 1) throw new Error(`${this.stream}: expected one shard, got ${shards.length}`);
      this.iterator = (
        await this.kinesis.send(
          new GetShardIteratorCommand({
            StreamName: this.stream,
            ShardId: shards[0]!.ShardId!,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
    }
    if (this.iterator === undefined) return 0;
    const res = await this.kinesis.send(new GetRecordsCommand({ ShardIterator: this.iterator }));
    this.iterator = res.NextShardIterator;
    for (const r of res.Records ?? []) this.rows.push(JSON.parse(new TextDecoder().decode(r.Data)) as T);
    return (res.Records ?? []).length;
  }

  /**
   * Reads until `enough(rows)`: a wait on the rows themselves, which fails with a timeout that
   * names the rows read so far rather than ending early and comparing a partial answer.
   */
  async until(what: string, enough: (rows: readonly T[]) => boolean, opts: WaitOptions = {}): Promise<T[]> {
    await waitUntil(
      what,
      async () => {
        await this.next();
        return enough(this.rows);
      },
      {
        pauseMs: 200,
        ...opts,
        describe: () => `${this.rows.length} rows so far: ${JSON.stringify(this.rows).slice(0, 500)}`,
      },
    );
    return this.rows;
  }

  /**
   * Every record up to the end of what the stream holds now. Call it once the producers' last
   * write is committed (I3: emitted before that commit); an empty batch then means the reader
   * caught up (the embedded emulator reads its store directly).
   */
  async toEnd(): Promise<T[]> {
    while ((await this.next()) > 0) {}
    return this.rows;
  }
}

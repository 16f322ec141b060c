import { KinesisApiError, type KinesisRawClient } from '../../kinesis/kinesis-raw-client.ts';
import { type DeliveryContext, deliverBatch } from './deliver-batch.ts';
import { eventBytes, type KinesisRecord, MAX_PAYLOAD_BYTES } from './kinesis-event.ts';

/** How often an idle (caught-up) shard is polled. AWS polls about once per second. */
export const IDLE_POLL_MS = 150;

export type StartPosition =
  | { readonly type: 'TRIM_HORIZON' }
  | { readonly type: 'LATEST' }
  | { readonly type: 'AT_TIMESTAMP'; readonly timestamp: number }
  | { readonly type: 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

export interface PollerOptions {
  readonly kinesis: KinesisRawClient;
  readonly streamName: string;
  readonly start: StartPosition;
  /** The shard is closed and every record of it is done. */
  readonly onClosed: (shardId: string) => void;
  readonly delivery: Omit<DeliveryContext, 'stopped' | 'sleep'>;
}

/**
 * Polls one shard and delivers its records in order, one batch in flight at a time. A batch is
 * invoked when it holds BatchSize records, when its payload nears 6 MB, when the batching window
 * expires, or when the shard is closed and drained.
 */
export class ShardPoller {
  readonly #o: PollerOptions;
  #stopped = false;
  #wake: (() => void) | undefined;
  #done: Promise<void> | undefined;

  constructor(opts: PollerOptions) {
    this.#o = opts;
  }

  start(): void {
    this.#done = this.#run().catch((err: unknown) => {
      this.#o.delivery.log(
        `[esm ${this.#o.delivery.shardId}] poller crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    this.#o.delivery.stats.state = 'stopped';
    await this.#done;
  }

  #sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (this.#stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });

  async #iterator(pos: StartPosition): Promise<string> {
    const base = { StreamName: this.#o.streamName, ShardId: this.#o.delivery.shardId };
    const body =
      pos.type === 'AT_TIMESTAMP'
        ? { ...base, ShardIteratorType: pos.type, Timestamp: pos.timestamp }
        : pos.type === 'AFTER_SEQUENCE_NUMBER'
          ? { ...base, ShardIteratorType: pos.type, StartingSequenceNumber: pos.sequenceNumber }
          : { ...base, ShardIteratorType: pos.type };
    const out = await this.#o.kinesis.call<{ ShardIterator: string }>('GetShardIterator', body);
    return out.ShardIterator;
  }

  async #run(): Promise<void> {
    const d = this.#o.delivery;
    const ctx: DeliveryContext = { ...d, stopped: () => this.#stopped, sleep: this.#sleep };
    let iterator: string | undefined;
    let lastRead: string | undefined;
    let closed = false;
    let pending: KinesisRecord[] = [];
    let pendingBytes = 0;
    let windowStart: number | undefined;

    while (!this.#stopped) {
      const s = d.settings();
      let fetched = 0;
      let more = false;
      if (!closed && pending.length < s.batchSize && pendingBytes < MAX_PAYLOAD_BYTES) {
        try {
          iterator ??= await this.#iterator(
            lastRead === undefined
              ? this.#o.start
              : { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: lastRead },
          );
          const limit = Math.min(10_000, Math.max(s.batchSize * 2, 100));
          const out = await this.#o.kinesis.call<{
            Records: KinesisRecord[];
            NextShardIterator?: string;
            MillisBehindLatest?: number;
          }>('GetRecords', { ShardIterator: iterator, Limit: limit });
          fetched = out.Records.length;
          more = fetched === limit;
          for (const r of out.Records) {
            pending.push(r);
            pendingBytes += eventBytes(r);
          }
          if (fetched > 0) lastRead = out.Records[fetched - 1]!.SequenceNumber;
          d.stats.millisBehindLatest = out.MillisBehindLatest ?? 0;
          iterator = out.NextShardIterator;
          if (iterator === undefined) closed = true;
          if (pending.length > 0 && windowStart === undefined) windowStart = Date.now();
        } catch (err) {
          if (this.#stopped) return;
          iterator = undefined; // expired or invalid: a fresh one from the last record read
          if (!(err instanceof KinesisApiError && err.code === 'ExpiredIteratorException')) {
            d.log(`[esm ${d.shardId}] GetRecords: ${err instanceof Error ? err.message : String(err)}`);
            await this.#sleep(500);
          }
          continue;
        }
      }

      const full = pending.length >= s.batchSize || pendingBytes >= MAX_PAYLOAD_BYTES;
      const windowLeft = windowStart === undefined ? 0 : s.windowMs - (Date.now() - windowStart);
      if (pending.length > 0 && (full || windowLeft <= 0 || closed)) {
        let n = 0;
        let bytes = 0;
        while (n < pending.length && n < s.batchSize) {
          const b = eventBytes(pending[n]!);
          if (n > 0 && bytes + b > MAX_PAYLOAD_BYTES) break;
          bytes += b;
          n++;
        }
        const batch = pending.slice(0, n);
        pending = pending.slice(n);
        pendingBytes -= bytes;
        d.stats.iteratorAgeMs = Math.max(0, Date.now() - batch[n - 1]!.ApproximateArrivalTimestamp * 1000);
        await deliverBatch(ctx, batch);
        windowStart = pending.length > 0 ? Date.now() : undefined;
        continue;
      }
      if (closed && pending.length === 0) {
        d.stats.state = 'closed';
        d.stats.iteratorAgeMs = 0;
        this.#o.onClosed(d.shardId);
        return;
      }
      if (more) continue;
      if (fetched === 0 && pending.length === 0) d.stats.iteratorAgeMs = 0;
      await this.#sleep(pending.length > 0 ? Math.min(IDLE_POLL_MS, Math.max(1, windowLeft)) : IDLE_POLL_MS);
    }
  }
}

import { type Consumer, type IHeaders, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import type { Invoker } from './deliver-batch.ts';
import {
  deliverKafkaBatch,
  type KafkaDeliveryContext,
  type KafkaFailedBatch,
  type KafkaPollerSettings,
} from './kafka-delivery.ts';
import { type KafkaEventSource, type KafkaRecord, kafkaEventBytes } from './kafka-event.ts';
import { MAX_PAYLOAD_BYTES } from './kinesis-event.ts';

export type { KafkaFailedBatch, KafkaPollerSettings } from './kafka-delivery.ts';

/** How often the batching window is checked while records wait. */
const TICK_MS = 25;

export interface KafkaPollerOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** The mapping's consumer group: its `ConsumerGroupId`, or its UUID (AWS's default). */
  readonly groupId: string;
  /** Where a group without committed offsets starts (a committed offset always wins). */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly source: KafkaEventSource;
  readonly settings: () => KafkaPollerSettings;
  readonly invoke: Invoker;
  readonly onFailed?: (failed: KafkaFailedBatch, event: string) => Promise<void>;
  readonly log?: (line: string) => void;
}

export interface KafkaPollerStats {
  batches: number;
  records: number;
  errors: number;
  discardedBatches: number;
  /** Per `<topic>-<partition>`, the next offset to read as committed to the group. */
  readonly committed: Map<string, string>;
}

function headerPairs(h: IHeaders | undefined): (readonly [string, Buffer])[] {
  const out: (readonly [string, Buffer])[] = [];
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) out.push([k, Buffer.isBuffer(x) ? x : Buffer.from(x)]);
  }
  return out;
}

const toRecord = (topic: string, partition: number, m: KafkaMessage): KafkaRecord => ({
  topic,
  partition,
  offset: m.offset,
  timestamp: Number(m.timestamp),
  timestampType: (m.attributes & 0x08) !== 0 ? 'LOG_APPEND_TIME' : 'CREATE_TIME',
  key: m.key,
  value: m.value,
  headers: headerPairs(m.headers),
});

/**
 * The Kafka event source mapping of the local Lambda emulator: one kafkajs consumer in the
 * mapping's group reads the topic; records wait in arrival order (each partition in offset order)
 * until BatchSize records, ~6 MB, or MaximumBatchingWindowInSeconds since the first one; then one
 * batch, possibly of several partitions, is delivered (kafka-delivery.ts) and its offsets are
 * committed to the group only once the function succeeded or the records were given up on. One
 * batch is in flight at a time; fetching pauses while 2 × BatchSize records wait.
 *
 * Differs from AWS: AWS runs pollers per partition group and scales them; here one consumer reads
 * every partition. A rebalance (another member joining the group) is not handled: records already
 * fetched stay queued, so another member may deliver them too (at least once either way).
 */
export class KafkaPoller {
  readonly #o: KafkaPollerOptions;
  readonly #consumer: Consumer;
  readonly stats: KafkaPollerStats = {
    batches: 0,
    records: 0,
    errors: 0,
    discardedBatches: 0,
    committed: new Map(),
  };
  #pending: KafkaRecord[] = [];
  #windowStart: number | undefined;
  #paused = false;
  #stopped = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(o: KafkaPollerOptions) {
    this.#o = o;
    const kafka = new Kafka({
      clientId: `sluice-esm-${o.groupId}`,
      brokers: [...o.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 100 },
    });
    // 6 s, Kafka's smallest allowed session: a member that died without leaving frees its
    // partitions sooner, and the mock cluster, which waits session − 1 s after a member leaves
    // before the next join completes, lets a new poller of the group start in ~5 s, not ~29 s
    this.#consumer = kafka.consumer({
      groupId: o.groupId,
      maxWaitTimeInMs: 100,
      sessionTimeout: 6_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: true,
    });
  }

  /** Connects, joins the group and starts polling; resolves once the group has assigned partitions. */
  async start(): Promise<void> {
    const c = this.#consumer;
    const joined = new Promise<void>((resolve) => c.on(c.events.GROUP_JOIN, () => resolve()));
    await c.connect();
    await c.subscribe({ topic: this.#o.topic, fromBeginning: this.#o.startingPosition === 'TRIM_HORIZON' });
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const m of batch.messages) {
          this.#pending.push(toRecord(batch.topic, batch.partition, m));
          resolveOffset(m.offset); // the fetch position only: nothing is committed here
        }
        if (this.#pending.length > 0) this.#windowStart ??= Date.now();
        if (!this.#paused && this.#pending.length >= 2 * this.#o.settings().batchSize) {
          this.#paused = true;
          c.pause([{ topic: this.#o.topic }]);
        }
        this.#wake?.();
      },
    });
    this.#loop = this.#deliverLoop().catch((err: unknown) =>
      this.#log(`poller crashed: ${(err as Error).stack}`),
    );
    await joined;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    await this.#consumer.disconnect();
  }

  #log(line: string): void {
    this.#o.log?.(`[esm kafka ${this.#o.groupId}] ${line}`);
  }

  #sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (this.#stopped) return resolve();
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });

  async #commit(records: readonly KafkaRecord[]): Promise<void> {
    const next = new Map<string, { topic: string; partition: number; offset: string }>();
    for (const r of records) {
      const k = `${r.topic}-${r.partition}`;
      const o = String(BigInt(r.offset) + 1n);
      const prev = next.get(k);
      if (prev === undefined || BigInt(o) > BigInt(prev.offset))
        next.set(k, { topic: r.topic, partition: r.partition, offset: o });
    }
    await this.#consumer.commitOffsets([...next.values()]);
    for (const [k, v] of next) this.stats.committed.set(k, v.offset);
  }

  async #deliverLoop(): Promise<void> {
    const ctx: KafkaDeliveryContext = {
      source: this.#o.source,
      settings: this.#o.settings,
      invoke: this.#o.invoke,
      commit: (records) => this.#commit(records),
      onFailed: this.#o.onFailed ?? (async () => undefined),
      stopped: () => this.#stopped,
      sleep: this.#sleep,
      log: (l) => this.#log(l),
      stats: this.stats,
    };
    while (!this.#stopped) {
      const s = this.#o.settings();
      let n = 0;
      let bytes = 0;
      while (n < this.#pending.length && n < s.batchSize) {
        const b = kafkaEventBytes(this.#pending[n]!);
        if (n > 0 && bytes + b > MAX_PAYLOAD_BYTES) break;
        bytes += b;
        n++;
      }
      const full = n >= s.batchSize || n < this.#pending.length;
      const waited = this.#windowStart !== undefined && Date.now() - this.#windowStart >= s.windowMs;
      if (n === 0 || !(full || waited)) {
        await this.#sleep(TICK_MS);
        continue;
      }
      const batch = this.#pending.slice(0, n);
      this.#pending = this.#pending.slice(n);
      this.#windowStart = this.#pending.length > 0 ? Date.now() : undefined;
      await deliverKafkaBatch(ctx, batch);
      if (this.#paused && this.#pending.length < 2 * s.batchSize) {
        this.#paused = false;
        this.#consumer.resume([{ topic: this.#o.topic }]);
      }
    }
  }
}

import type { FaultInjector } from '../../fault-injector.ts';
import type { KinesisRawClient } from '../../kinesis/kinesis-raw-client.ts';
import { compareSeq, isOpen, listShards, type Shard } from '../../kinesis/shards.ts';
import type { Invoker } from './deliver-batch.ts';
import { type EventSourceMappingConfiguration, settingsOf } from './mapping-config.ts';
import { ShardPoller, type StartPosition } from './shard-poller.ts';
import { type FailedBatchRecord, type MappingStats, newShardStats, type ShardStats } from './stats.ts';

export interface RunnerDeps {
  readonly kinesis: KinesisRawClient;
  readonly streamName: string;
  readonly invoke: (functionArn: string, event: string) => ReturnType<Invoker>;
  readonly invokeIdentityArn: (functionArn: string) => string;
  readonly faults: FaultInjector;
  readonly onFailed: (record: FailedBatchRecord, event: string) => Promise<void>;
  readonly log: (line: string) => void;
}

/**
 * Runs one Kinesis event source mapping: one ShardPoller per shard, starting from the root shards
 * (TRIM_HORIZON / AT_TIMESTAMP) or the open shards (LATEST), and following the children of a
 * shard once it is closed and drained (children start at TRIM_HORIZON; they do not wait for a
 * second parent). Checkpoints survive disable/enable.
 */
export class MappingRunner {
  readonly config: EventSourceMappingConfiguration;
  readonly #deps: RunnerDeps;
  readonly #pollers = new Map<string, ShardPoller>();
  readonly #stats = new Map<string, ShardStats>();
  readonly #checkpoints = new Map<string, string>();
  readonly #closed = new Set<string>();
  #running = false;
  #discovery: NodeJS.Timeout | undefined;

  constructor(config: EventSourceMappingConfiguration, deps: RunnerDeps) {
    this.config = config;
    this.#deps = deps;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#discover(true);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#discovery);
    const pollers = [...this.#pollers.values()];
    this.#pollers.clear();
    await Promise.all(pollers.map((p) => p.stop()));
  }

  stats(): MappingStats {
    return {
      uuid: this.config.UUID,
      functionName: this.config.FunctionArn.split(':').pop() ?? this.config.FunctionArn,
      eventSourceArn: this.config.EventSourceArn,
      state: this.#running ? 'Enabled' : 'Disabled',
      shards: [...this.#stats.values()]
        .map((s) => ({ ...s }))
        .sort((a, b) => a.shardId.localeCompare(b.shardId)),
    };
  }

  /** Finds the shards to poll. `initial`: the first look, where the starting position applies. */
  async #discover(initial: boolean): Promise<void> {
    if (!this.#running) return;
    let shards: Shard[];
    try {
      shards = await listShards(this.#deps.kinesis, this.#deps.streamName);
    } catch (err) {
      this.#deps.log(
        `[esm ${this.config.UUID.slice(0, 8)}] ListShards: ${err instanceof Error ? err.message : String(err)}`,
      );
      this.#discovery = setTimeout(() => void this.#discover(initial), 1_000);
      return;
    }
    if (!this.#running) return;
    const ids = new Set(shards.map((s) => s.ShardId));
    const known = (id: string | undefined) => id !== undefined && ids.has(id);
    const begun = (id: string) => this.#pollers.has(id) || this.#closed.has(id) || this.#stats.has(id);
    for (const s of shards) {
      if (this.#closed.has(s.ShardId) || this.#pollers.has(s.ShardId)) continue;
      const checkpoint = this.#checkpoints.get(s.ShardId);
      if (checkpoint !== undefined || this.#stats.has(s.ShardId)) {
        // resumed after a disable
        this.#startPoller(
          s.ShardId,
          checkpoint === undefined
            ? { type: 'TRIM_HORIZON' }
            : { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint },
        );
        continue;
      }
      const parents = [s.ParentShardId, s.AdjacentParentShardId].filter(known) as string[];
      if (
        initial &&
        this.#stats.size === 0 &&
        this.#pollers.size === 0 &&
        this.config.StartingPosition === 'LATEST'
      ) {
        if (isOpen(s)) this.#startPoller(s.ShardId, { type: 'LATEST' });
        continue;
      }
      if (parents.length === 0 && !begun(s.ShardId) && initial) {
        this.#startPoller(s.ShardId, this.#initialPosition());
      } else if (parents.some((p) => this.#closed.has(p))) {
        this.#startPoller(s.ShardId, { type: 'TRIM_HORIZON' });
      }
    }
  }

  #initialPosition(): StartPosition {
    const c = this.config;
    switch (c.StartingPosition) {
      case 'TRIM_HORIZON':
        return { type: 'TRIM_HORIZON' };
      case 'LATEST':
        return { type: 'LATEST' };
      case 'AT_TIMESTAMP':
        return { type: 'AT_TIMESTAMP', timestamp: c.StartingPositionTimestamp ?? 0 };
      default: {
        const never: never = c.StartingPosition;
        throw new Error(`unknown StartingPosition ${String(never)}`);
      }
    }
  }

  #startPoller(shardId: string, start: StartPosition): void {
    const stats = this.#stats.get(shardId) ?? newShardStats(shardId);
    stats.state = 'polling';
    this.#stats.set(shardId, stats);
    const functionArn = this.config.FunctionArn;
    const poller = new ShardPoller({
      kinesis: this.#deps.kinesis,
      streamName: this.#deps.streamName,
      start,
      onClosed: (id) => {
        this.#pollers.delete(id);
        this.#closed.add(id);
        void this.#discover(false);
      },
      delivery: {
        mappingUuid: this.config.UUID,
        functionName: functionArn.split(':').pop() ?? functionArn,
        functionArn,
        invokeIdentityArn: this.#deps.invokeIdentityArn(functionArn),
        shardId,
        eventSourceArn: this.config.EventSourceArn,
        settings: () => settingsOf(this.config),
        invoke: (event) => this.#deps.invoke(this.config.FunctionArn, event),
        faults: this.#deps.faults,
        stats,
        advance: (seq) => {
          const prev = this.#checkpoints.get(shardId);
          if (prev === undefined || compareSeq(seq, prev) > 0) this.#checkpoints.set(shardId, seq);
          stats.lastSequenceNumber = this.#checkpoints.get(shardId);
          this.config.LastProcessingResult = 'OK';
        },
        onFailed: this.#deps.onFailed,
        log: this.#deps.log,
      },
    });
    this.#pollers.set(shardId, poller);
    poller.start();
  }
}

import type { Shard } from '@aws-sdk/client-kinesis';
import type { PipelineSpec, SourceSpec } from '../../../compiler/spec/index.ts';
import { ShardDirectory, type ShardListing } from '../../aws/shard-directory.ts';
import { connectOrExplain, kafkaClient } from './kafka-client.ts';

type KafkaSource = Extract<SourceSpec, { kind: 'kafka' }>;

/**
 * A shard directory that also lists a Kafka source's "shards": its topic's partitions, as root
 * shards `<topic>/<partition>` with no parents (Kafka never splits a partition; a topic only gains
 * partitions, which are new roots). The source stage's lineage (I5) then has nothing to prove, and
 * the stage after it seeds its watermark with every partition (a partition that has sent nothing
 * yet holds the watermark back, as an empty Kinesis shard does).
 */
export class KafkaPartitionDirectory extends ShardDirectory {
  constructor(
    private readonly inner: ShardDirectory,
    private readonly sources: ReadonlyMap<string, KafkaSource>,
  ) {
    super(undefined as never);
  }

  override list(streamName: string): Promise<ShardListing> {
    const source = this.sources.get(streamName);
    return source === undefined ? this.inner.list(streamName) : partitionsOf(source);
  }

  override invalidate(streamName?: string): void {
    this.inner.invalidate(streamName);
  }
}

const cache = new Map<string, Promise<ShardListing>>();

function partitionsOf(source: KafkaSource): Promise<ShardListing> {
  const key = JSON.stringify([source.bootstrapServers, source.topic]);
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = fetchPartitions(source);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

async function fetchPartitions(source: KafkaSource): Promise<ShardListing> {
  const admin = kafkaClient(source, 'sluice-partitions').admin();
  await connectOrExplain(source, `source ${source.table}`, () => admin.connect());
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [source.topic] });
    const ids = (meta.topics[0]?.partitions ?? []).map((p) => p.partitionId).sort((a, b) => a - b);
    const all: Shard[] = ids.map((p) => ({
      ShardId: `${source.topic}/${p}`,
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: '0' },
      SequenceNumberRange: { StartingSequenceNumber: '0' },
    }));
    return {
      all,
      open: all.map((s) => ({ shardId: s.ShardId!, startingHashKey: '0', endingHashKey: '0' })),
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The stage directory: `inner`, plus the partitions of each Kafka source the pipeline reads. */
export function withKafkaPartitions(
  spec: PipelineSpec,
  inner: ShardDirectory,
  streamOf: (stage: PipelineSpec['stages'][number]) => string,
): ShardDirectory {
  const sources = new Map<string, KafkaSource>();
  for (const st of spec.stages)
    if (st.input.kind === 'source' && st.input.source.kind === 'kafka')
      sources.set(streamOf(st), st.input.source);
  return sources.size === 0 ? inner : new KafkaPartitionDirectory(inner, sources);
}

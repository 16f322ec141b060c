import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import type { ShardDirectory } from '../aws/shard-directory.ts';
import { LineageNotReadyError } from '../errors.ts';
import { type Checkpoint, type CheckpointDoc, emptyCheckpointDoc } from '../state/checkpoint.ts';
import { loadCheckpoint } from '../state/checkpoint-store.ts';
import { producerKey } from '../wire/dedupe.ts';
import { inputStreamName, stageById } from '../wire/topology.ts';
import type { LineageHook } from './hooks.ts';
import { ShardGraph } from './lineage-graph.ts';
import { type InheritPart, inheritDoc } from './lineage-merge.ts';
import { closeShard, isCommitConflict, isDrained } from './lineage-proof.ts';

export interface LineageOptions {
  readonly spec: PipelineSpec;
  readonly stage: StageSpec;
  readonly table: string;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  readonly shards: ShardDirectory;
}

/** Lineage chains longer than this are refused (a stream resharded that often is not sane). */
const MAX_DEPTH = 32;

/**
 * I5, the lineage hook of a stage (see docs/internals.md "Lineage").
 *
 * `resolveStart`: a shard's first invocation (epoch 0) with parents proves each parent drained
 * (its committed seq is its last record), closes it (conditional write, fencing its other writers),
 * and starts from the parents' merged state. A parent that never committed is resolved from its own
 * parents in turn (it was empty) and closed with that state, so a sibling inherits the same.
 * Otherwise it throws LineageNotReadyError and the event source mapping retries.
 *
 * `expectedProducers`: the seeds of an edge stage's watermark, i.e. the root shards of each upstream
 * stage's input stream. Producers join from in-band records and leave once closed with all their
 * children heard (lineage-producers.ts), so the set never depends on when ListShards was called.
 */
export function createLineage(opts: LineageOptions): LineageHook {
  const { spec, stage, table, dynamo, kinesis, shards } = opts;
  const stream = inputStreamName(spec, stage);
  const roots = new Map<string, Promise<string[]>>();

  const graphWith = async (streamName: string, shardId: string): Promise<ShardGraph> => {
    let graph = new ShardGraph((await shards.list(streamName)).all);
    if (!graph.has(shardId)) {
      shards.invalidate(streamName);
      graph = new ShardGraph((await shards.list(streamName)).all);
    }
    return graph;
  };

  const rootsOf = (streamName: string): Promise<string[]> => {
    let hit = roots.get(streamName);
    if (hit === undefined) {
      hit = shards.list(streamName).then((l) => new ShardGraph(l.all).roots());
      roots.set(streamName, hit);
      hit.catch(() => roots.delete(streamName));
    }
    return hit;
  };

  const seeds = async (): Promise<string[]> => {
    if (stage.input.kind !== 'edge') return [];
    const out: string[] = [];
    for (const from of stage.input.from) {
      for (const root of await rootsOf(inputStreamName(spec, stageById(spec, from)))) {
        out.push(producerKey(from, root));
      }
    }
    return out.sort();
  };

  /** The final doc of `parentId` (closing it), recording absorbed shards' children in `lin`. */
  const finalDoc = async (
    graph: ShardGraph,
    childId: string,
    parentId: string,
    lin: Record<string, string[]>,
    depth: number,
  ): Promise<CheckpointDoc> => {
    if (depth > MAX_DEPTH) throw new LineageNotReadyError(stage.id, childId, parentId, 'lineage too deep');
    lin[parentId] = [...graph.childrenOf(parentId)];
    let cp = await loadCheckpoint(dynamo, table, stage.id, parentId);
    if (cp.doc.closed) {
      // A sibling closed it; if it never ran on its own, re-announce what it absorbed (idempotent).
      if (cp.doc.stats.invocations === 0)
        Object.assign(lin, cp.doc.lineage?.lin ?? {}, { [parentId]: lin[parentId] });
      return cp.doc;
    }
    if (!(await isDrained(kinesis, stream, parentId, cp.doc.seq))) {
      throw new LineageNotReadyError(
        stage.id,
        childId,
        parentId,
        `its committed seq ${cp.doc.seq} is not its last record yet`,
      );
    }
    if (cp.epoch === 0) {
      // Never committed and drained: it was empty. Its state is its own parents' (if any).
      const node = graph.node(parentId);
      const doc =
        node && node.parents.length > 0
          ? await inherit(graph, parentId, node.parents, node.range, lin, depth + 1)
          : emptyCheckpointDoc();
      cp = { ...cp, doc };
    }
    try {
      return (await closeShard(dynamo, table, cp)).doc;
    } catch (err) {
      if (!isCommitConflict(err)) throw err;
      throw new LineageNotReadyError(stage.id, childId, parentId, 'another writer moved it while closing');
    }
  };

  const inherit = async (
    graph: ShardGraph,
    childId: string,
    parents: readonly string[],
    range: readonly [bigint, bigint],
    lin: Record<string, string[]>,
    depth: number,
  ): Promise<CheckpointDoc> => {
    const parts: InheritPart[] = [];
    for (const parent of parents) {
      const node = graph.node(parent);
      const doc = await finalDoc(graph, childId, parent, lin, depth);
      parts.push({ range: node?.range ?? range, doc });
    }
    const doc = inheritDoc(stage, spec.keyGroups, parts, range, await seeds());
    doc.lineage = { parents: [...parents], lin: sortLin(lin) };
    return doc;
  };

  return {
    async resolveStart(cp: Checkpoint): Promise<Checkpoint> {
      if (cp.epoch > 0) return cp;
      const graph = await graphWith(stream, cp.shardId);
      const node = graph.node(cp.shardId);
      if (!node || node.parents.length === 0) return cp;
      const lin: Record<string, string[]> = {};
      const doc = await inherit(graph, cp.shardId, node.parents, node.range, lin, 0);
      return { ...cp, doc };
    },
    expectedProducers: async () => seeds(),
  };
}

const sortLin = (lin: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(
    Object.keys(lin)
      .sort()
      .map((k) => [k, [...lin[k]!].sort()]),
  );

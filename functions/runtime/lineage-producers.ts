import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import { ProducerDedupe, producerKey } from '../wire/dedupe.ts';
import { keyGroupHashKey, keyGroupOf } from '../wire/routing.ts';

/**
 * I5 downstream: which producer shards an edge stage's watermark is the minimum over.
 *
 * Everything here is derived from committed state and in-band records only, so a replay computes
 * the same set (I2). A producer shard leaves the minimum ("retires") once it is known closed — a
 * child's announcement (`lin` on its markers) names all its children — AND every one of those
 * children has been heard from (has an entry). Until then it stays in the minimum with its last
 * watermark, which bounds its children's data (a child inherits its parents' watermark).
 */

const stageOfKey = (key: string): string => {
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(0, slash);
};

/** Whether producer `key` is closed and all its children are heard from. */
export function isRetired(key: string, producers: ReadonlyMap<string, ProducerDedupe>): boolean {
  const ch = producers.get(key)?.children;
  if (ch === undefined) return false;
  const stage = stageOfKey(key);
  return ch.every((c) => producers.has(producerKey(stage, c)));
}

/**
 * The live producer keys: the seeds (root shards of each upstream stage's input stream) and every
 * producer of those stages heard from or announced, minus the retired ones. Sorted.
 */
export function liveProducers(
  seeds: readonly string[],
  producers: ReadonlyMap<string, ProducerDedupe>,
  fromStages: readonly string[],
): string[] {
  const keys = new Set(seeds);
  for (const key of producers.keys()) if (fromStages.includes(stageOfKey(key))) keys.add(key);
  return [...keys].filter((k) => !isRetired(k, producers)).sort();
}

/**
 * Applies a child producer's announcement (`lineage`, the envelope's `lin`: absorbed parent → all its children). Each
 * parent gets its children list. A parent that is itself a child in the announcement never ran on
 * its own (its child absorbed it): it is created if unknown, with its own parents' watermark, so it
 * bounds its unheard children as its parent would have.
 */
export function applyAnnouncement(
  producers: Map<string, ProducerDedupe>,
  producer: string,
  lin: Readonly<Record<string, readonly string[]>>,
): void {
  const parents = Object.keys(lin).sort();
  for (const parent of parents) {
    const key = producerKey(producer, parent);
    let entry = producers.get(key);
    if (entry === undefined) {
      entry = ProducerDedupe.empty();
      producers.set(key, entry);
    }
    entry.children = [...(lin[parent] ?? [])].sort();
  }
  // Intermediates take their parents' watermark (ancestors first; lineage chains are short).
  for (let round = 0; round < parents.length; round++) {
    let changed = false;
    for (const parent of parents) {
      const w = producers.get(producerKey(producer, parent))!.w;
      for (const child of lin[parent] ?? []) {
        if (lin[child] === undefined) continue;
        const entry = producers.get(producerKey(producer, child))!;
        if (w > entry.w) {
          entry.w = w;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

/**
 * The key-group hash key of a row from producer stage `p` (by that stage's shuffle keys), for the
 * dedupe's hash-range segments after a merge. Undefined for producers that are not keyed shuffles.
 */
export function producerRowHash(spec: PipelineSpec): (p: string, row: unknown) => bigint | undefined {
  const keyBy = new Map<string, readonly string[]>();
  for (const s of spec.stages) if (s.output.kind === 'shuffle') keyBy.set(s.id, s.output.keyBy);
  const K = spec.keyGroups;
  return (p, row) => {
    const keys = keyBy.get(p);
    if (keys === undefined || typeof row !== 'object' || row === null) return undefined;
    const r = row as Record<string, unknown>;
    return BigInt(
      keyGroupHashKey(
        keyGroupOf(
          keys.map((k) => r[k] ?? null),
          K,
        ),
        K,
      ),
    );
  };
}

/** Stage ids an edge stage reads from (empty for a source stage). */
export const fromStagesOf = (stage: StageSpec): readonly string[] =>
  stage.input.kind === 'edge' ? stage.input.from : [];

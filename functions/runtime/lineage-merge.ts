import type { StageSpec } from '../../compiler/spec/index.ts';
import { type CheckpointDoc, emptyCheckpointDoc } from '../state/checkpoint.ts';
import { ProducerDedupe, type ProducerStateDoc } from '../wire/dedupe.ts';
import { keyGroupHashKey } from '../wire/routing.ts';
import { cmpPos, formatPos, maxSeq, NO_SEQ, parsePos } from '../wire/seq.ts';
import { edgeWatermark, WM_MAX, WM_MIN } from '../wire/watermark.ts';
import { type HashRange, inRange } from './lineage-graph.ts';
import { fromStagesOf, liveProducers } from './lineage-producers.ts';
import { sourceStageWatermark } from './source-watermark.ts';

/** One parent's final committed doc and the hash range it owned. */
export interface InheritPart {
  readonly range: HashRange;
  readonly doc: CheckpointDoc;
}

type Iv = [string, string][];

/** `(lo, hi]` intervals at or below `f` dropped, one straddling `f` cut to `(f, hi]`. */
function pruneIv(iv: Iv, f: string): Iv {
  const fp = { s: f, i: Number.POSITIVE_INFINITY };
  const out: Iv = [];
  for (const [lo, hi] of iv) {
    if (cmpPos(parsePos(hi), fp) <= 0) continue;
    out.push(cmpPos(parsePos(lo), fp) < 0 ? [f, hi] : [lo, hi]);
  }
  return out;
}

/** Intersection of two sorted, disjoint interval lists. */
export function intersectIv(a: Iv, b: Iv): Iv {
  const out: Iv = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    const lo = cmpPos(parsePos(alo), parsePos(blo)) >= 0 ? parsePos(alo) : parsePos(blo);
    const hi = cmpPos(parsePos(ahi), parsePos(bhi)) <= 0 ? parsePos(ahi) : parsePos(bhi);
    if (cmpPos(lo, hi) < 0) out.push([formatPos(lo), formatPos(hi)]);
    if (cmpPos(parsePos(ahi), parsePos(bhi)) <= 0) i++;
    else j++;
  }
  return out;
}

const sameIv = (a: Iv, b: Iv) =>
  a.length === b.length && a.every(([l, h], k) => l === b[k]![0] && h === b[k]![1]);

/**
 * Dedupe state of one producer for a child, from its parents' (I4 + I5). The frontier `f` is a fact
 * about the producer, so the child takes the highest. A split child keeps its parent's intervals (a
 * claim "all outputs for the parent's range" covers the child's part). A merged child keeps what
 * all parents covered as its base intervals, and each parent's own intervals as a segment valid for
 * that parent's hash range only.
 */
export function mergeProducer(
  parts: readonly { range: HashRange; doc: ProducerStateDoc | undefined }[],
): ProducerStateDoc {
  const present = parts.filter((p) => p.doc !== undefined);
  if (parts.length === 1 && present.length === 1) return structuredClone(present[0]!.doc!);
  let f = NO_SEQ;
  let w = WM_MIN;
  let m = WM_MIN;
  const ch = new Set<string>();
  let anyCh = false;
  for (const { doc } of present) {
    f = maxSeq(f, doc!.f);
    if (doc!.w > w) w = doc!.w;
    if (doc!.m !== undefined && doc!.m > m) m = doc!.m;
    if (doc!.ch) {
      anyCh = true;
      for (const c of doc!.ch) ch.add(c);
    }
  }
  const ivs = parts.map((p) => pruneIv(p.doc?.iv ?? [], f));
  let base = ivs[0] ?? [];
  for (const iv of ivs.slice(1)) base = intersectIv(base, iv);
  const seg: [string, string, Iv][] = [];
  parts.forEach((p, k) => {
    const [lo, hi] = p.range;
    if (!sameIv(ivs[k]!, base)) seg.push([lo.toString(), hi.toString(), ivs[k]!]);
    for (const [slo, shi, siv] of p.doc?.seg ?? []) {
      const a = BigInt(slo) > lo ? BigInt(slo) : lo;
      const b = BigInt(shi) < hi ? BigInt(shi) : hi;
      const pruned = pruneIv(siv, f);
      if (a <= b && pruned.length > 0) seg.push([a.toString(), b.toString(), pruned]);
    }
  });
  return {
    f,
    iv: base,
    w,
    ...(seg.length > 0 ? { seg } : {}),
    ...(anyCh ? { ch: [...ch].sort() } : {}),
    ...(m > WM_MIN ? { m } : {}),
  };
}

/** The stage watermark a child starts from, recomputed from its inherited state. */
export function startWatermark(
  stage: StageSpec,
  producers: ReadonlyMap<string, ProducerDedupe>,
  srcMax: number,
  seeds: readonly string[],
): number {
  if (stage.input.kind === 'edge') {
    const live = liveProducers(seeds, producers, fromStagesOf(stage));
    return edgeWatermark(live, (key) => producers.get(key)?.w);
  }
  return sourceStageWatermark(stage.input.source, producers, srcMax);
}

/**
 * A child shard's start doc from its parents' final docs (I5): dedupe state per producer merged,
 * the source's max event time, key-group state refs of the key groups whose hash key lies in the
 * child's range, and the watermark recomputed from that. The child's own progress (seq), sink part
 * chain and stats start empty: the parents' checkpoints keep theirs.
 */
export function inheritDoc(
  stage: StageSpec,
  keyGroups: number,
  parts: readonly InheritPart[],
  childRange: HashRange,
  seeds: readonly string[],
): CheckpointDoc {
  const doc = emptyCheckpointDoc();
  const keys = new Set<string>();
  for (const p of parts) for (const k of Object.keys(p.doc.producers)) keys.add(k);
  const producers: Record<string, ProducerStateDoc> = {};
  for (const key of [...keys].sort()) {
    producers[key] = mergeProducer(parts.map((p) => ({ range: p.range, doc: p.doc.producers[key] })));
  }
  doc.producers = producers;
  const kg: [number, string][] = [];
  for (const p of parts) {
    for (const [k, ref] of Object.entries(p.doc.kg)) {
      const n = Number(k);
      if (inRange(BigInt(keyGroupHashKey(n, keyGroups)), childRange)) kg.push([n, ref]);
    }
  }
  doc.kg = Object.fromEntries(kg.sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]));
  doc.srcMax = parts.reduce((m, p) => Math.max(m, p.doc.srcMax), WM_MIN);
  const live = new Map(Object.entries(producers).map(([k, v]) => [k, ProducerDedupe.fromDoc(v)]));
  // Never above a parent's final watermark: a merged child's recomputed watermark can exceed a
  // lagging parent's, whose windows up to it are still open in the inherited state. Restoring a
  // watermark fires nothing, so starting higher would announce it downstream (the child's first
  // marker) before those windows' rows, which would then arrive late. Starting at the minimum, the
  // first record moves the watermark up and fires them, rows before markers (I3).
  const parentsWm = parts.reduce((m, p) => Math.min(m, p.doc.wm), WM_MAX);
  doc.wm = Math.min(startWatermark(stage, live, doc.srcMax, seeds), parentsWm);
  doc.eos = doc.wm >= WM_MAX;
  return doc;
}

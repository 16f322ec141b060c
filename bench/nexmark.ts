/**
 * Nexmark benchmarks: (a) in-process events/s per query, every stage's compiled operator chain
 * driven in one process (shuffles are in-memory hand-offs), and (b) end-to-end events/s per query
 * through the real `sluice run` on the embedded local stack (parallelism 2 by default).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile } from '../compiler/index.ts';
import type { PipelineSpec } from '../compiler/spec/index.ts';
import { nexmarkLines } from '../functions/connectors/nexmark/nexmark-lines.ts';
import { createOperatorChain, type OperatorChain } from '../functions/operators/operator-chain.ts';
import { createSourceParser } from '../functions/runtime/source-parser.ts';
import { WM_MAX, WM_MIN } from '../functions/wire/watermark.ts';
import { sluiceRun } from './sluice-run.ts';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench/out');

export const NEXMARK_QUERIES = ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q7', 'q8'] as const;
export type NexmarkQuery = (typeof NEXMARK_QUERIES)[number];

export interface NexmarkInProcessResult {
  readonly query: NexmarkQuery;
  readonly events: number;
  readonly eventsPerSec: number;
  readonly outputs: number;
}

export interface NexmarkEndToEndResult {
  readonly query: NexmarkQuery;
  readonly events: number;
  readonly parallelism: number;
  readonly runningMs: number;
  readonly eventsPerSec: number;
  readonly outputRows: number;
}

/** examples/nexmark/<query>.sql with the nexmark table resized to `events` (at 10,000 events/s). */
async function querySql(query: NexmarkQuery, events: number, sink: string): Promise<string> {
  const sql = await readFile(join(root, 'examples/nexmark', `${query}.sql`), 'utf8');
  return sql
    .replace(/event_rate = '\d+', runtime = '\d+'/, `event_rate = '10000', runtime = '${events / 10_000}'`)
    .replace(/path = '[^']*'/, `path = '${sink}'`);
}

/** Runs every stage of a spec in one process over the source lines; returns the sink row count. */
function runInProcess(spec: PipelineSpec, lines: readonly string[]): number {
  const chains = new Map<string, OperatorChain>();
  const pending = new Map<string, [Record<string, unknown>, number][]>(spec.stages.map((s) => [s.id, []]));
  const wms = new Map<string, number>();
  let sinkRows = 0;
  for (const stage of spec.stages) {
    const consumer = spec.stages.find((c) => c.input.kind === 'edge' && c.input.from.includes(stage.id));
    chains.set(
      stage.id,
      createOperatorChain(stage, {
        keyGroups: spec.keyGroups,
        emit: (row, t) => {
          if (consumer) pending.get(consumer.id)?.push([row, t]);
          else sinkRows++;
        },
      }),
    );
  }
  const sources = spec.stages.flatMap((s) =>
    s.input.kind === 'source'
      ? [
          {
            id: s.id,
            parse: createSourceParser(s.input.source),
            delay: s.input.source.eventTime?.delayMs ?? 0,
          },
        ]
      : [],
  );
  let srcMax = WM_MIN;
  const round = (from: number, to: number, end: boolean) => {
    const parsed = lines.slice(from, to).map((l) => sources[0]?.parse(l));
    for (const p of parsed) if (p?.t !== undefined && p.t > srcMax) srcMax = p.t;
    for (const stage of spec.stages) {
      const chain = chains.get(stage.id);
      if (!chain) continue;
      const src = sources.find((s) => s.id === stage.id);
      if (src) for (const p of parsed) if (p) chain.push(p.row, p.t ?? 0);
      const queue = pending.get(stage.id) ?? [];
      for (const [row, t] of queue.splice(0)) chain.push(row, t);
      const wm = end
        ? WM_MAX
        : src
          ? srcMax - src.delay
          : Math.min(
              ...(stage.input.kind === 'edge' ? stage.input.from : []).map((f) => wms.get(f) ?? WM_MIN),
            );
      wms.set(stage.id, wm);
      chain.advanceWatermark(wm);
    }
  };
  for (let i = 0; i < lines.length; i += 1000) round(i, i + 1000, false);
  round(lines.length, lines.length, true);
  return sinkRows;
}

/** (a) In-process events/s of one Nexmark query, best of `runs`. */
export async function nexmarkInProcess(
  query: NexmarkQuery,
  events = 200_000,
  runs = 3,
): Promise<NexmarkInProcessResult> {
  const spec = compile(await querySql(query, events, '/tmp/unused.jsonl'), {
    name: `nexmark-${query}`,
    baseDir: '/tmp',
  });
  const src = spec.stages.find((s) => s.input.kind === 'source');
  if (src?.input.kind !== 'source' || src.input.source.kind !== 'nexmark')
    throw new Error('no nexmark source');
  const lines = [...nexmarkLines(src.input.source.nexmark)];
  let best = Number.POSITIVE_INFINITY;
  let outputs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    outputs = runInProcess(spec, lines);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { query, events: lines.length, eventsPerSec: Math.round(lines.length / (best / 1000)), outputs };
}

/** (b) End-to-end events/s of one Nexmark query through `sluice run` (ingest to sink commit). */
export async function nexmarkEndToEnd(
  query: NexmarkQuery,
  events = 100_000,
  parallelism = 2,
): Promise<NexmarkEndToEndResult> {
  await mkdir(outDir, { recursive: true });
  const sqlFile = join(outDir, `nexmark-${query}.sql`);
  await writeFile(sqlFile, await querySql(query, events, join(outDir, `nexmark-${query}.out.jsonl`)));
  const { summary: s } = await sluiceRun(sqlFile, parallelism);
  return {
    query,
    events: s.ingested,
    parallelism,
    runningMs: s.runningMs,
    eventsPerSec: Math.round(s.ingested / (s.runningMs / 1000)),
    outputRows: s.sinks[0]?.rows ?? 0,
  };
}

/** Every query: in-process and end to end. `quick` shrinks the event counts. */
export async function nexmarkBench(quick = false): Promise<{
  inProcess: NexmarkInProcessResult[];
  endToEnd: NexmarkEndToEndResult[];
}> {
  const inProcess: NexmarkInProcessResult[] = [];
  const endToEnd: NexmarkEndToEndResult[] = [];
  for (const q of NEXMARK_QUERIES)
    inProcess.push(await nexmarkInProcess(q, quick ? 50_000 : 200_000, quick ? 1 : 3));
  for (const q of NEXMARK_QUERIES) endToEnd.push(await nexmarkEndToEnd(q, quick ? 20_000 : 100_000, 2));
  return { inProcess, endToEnd };
}

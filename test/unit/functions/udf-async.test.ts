import { describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { createOperatorChain } from '../../../functions/operators/operator-chain.ts';
import { asyncPrefetcher } from '../../../functions/runtime/async-prefetch.ts';
import { processRecords } from '../../../functions/runtime/process-records.ts';
import { createSourceParser } from '../../../functions/runtime/source-parser.ts';
import type { StageContext } from '../../../functions/runtime/stage-context.ts';
import { heldResults } from '../../../functions/udf/async-results.ts';
import type { KinesisEventRecord } from '../../../functions/wire/kinesis-event.ts';
import { WM_MIN } from '../../../functions/wire/watermark.ts';
import { TABLE, withUdfs } from './udf-fixtures.ts';

/**
 * Async UDFs: the pre-pass (functions/runtime/async-prefetch.ts) fetches every call the records' rows
 * make, with the UDF's concurrency limit and timeout, then the ordinary synchronous record loop
 * (processRecords) reads the results in order and dead-letters rows whose call failed (I8).
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One ingest record (a file source's envelope) holding `lines`. */
function ingestRecord(lines: readonly string[]): KinesisEventRecord {
  const env = {
    v: 1,
    p: 'ingest:t',
    s: 'part-0',
    f: '0',
    lo: '0',
    hi: String(lines.length),
    q: lines.map((_, i) => String(i + 1)),
    rows: lines.map((l, i) => [i, 0, l]),
  };
  return {
    eventID: 'shardId-000000000000:1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/x',
    kinesis: {
      data: Buffer.from(JSON.stringify(env)).toString('base64'),
      sequenceNumber: '1',
      approximateArrivalTimestamp: 1,
    },
  };
}

/** Prefetches, then runs the stage's real record loop; returns outputs and dead-letter reasons. */
async function run(spec: PipelineSpec, lines: readonly string[]) {
  const stage = spec.stages[0]!;
  const source = stage.input.kind === 'source' ? stage.input.source : undefined;
  const parseSource = source && createSourceParser(source);
  const ctx = { spec, stage, parseSource } as unknown as StageContext;
  const records = [ingestRecord(lines)];
  const lease = await asyncPrefetcher(ctx)!.prefetch(records);
  try {
    const res = processRecords(
      {
        spec,
        stage,
        shardId: 'shardId-000000000000',
        streamName: 'x',
        chain: createOperatorChain(stage),
        producers: new Map(),
        watermark: WM_MIN,
        srcMax: WM_MIN,
        expectedProducers: [],
        dropLate: false,
        badData: 'drop',
        parseSource,
        nowIso: '2024-01-01T00:00:00.000Z',
      },
      records,
    );
    return { rows: res.outs.map((o) => o.row), dead: res.deadLetters.map((d) => [d.position, d.reason]) };
  } finally {
    lease.release();
  }
}

const line = (id: number, s: string) => JSON.stringify({ id, s, x: id, ts: 0 });

describe('async UDFs', () => {
  it('keeps at most `concurrency` calls in flight, dead-letters timed-out rows, keeps input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const spec = withUdfs(
      `export const config = { look: { concurrency: 3, timeoutMs: 60 } };
       export async function look(s: string): Promise<string> { return s; }`,
      {
        look: async (s: string) => {
          // A timed-out call gives up its slot (it is abandoned), so it is not counted here.
          if (s === 'hang') await new Promise(() => {});
          inFlight++;
          peak = Math.max(peak, inFlight);
          try {
            await sleep(1 + ((s.length * 7) % 5));
            return s.toUpperCase();
          } finally {
            inFlight--;
          }
        },
      },
      `${TABLE} SELECT id, look(s) AS u FROM t;`,
    );
    const ids = Array.from({ length: 24 }, (_, i) => i + 1);
    const { rows, dead } = await run(
      spec,
      ids.map((id) => line(id, id === 5 ? 'hang' : `k${id}${'x'.repeat(id % 4)}`)),
    );
    expect(rows.map((r) => r.id)).toEqual(ids.filter((id) => id !== 5));
    expect(rows.find((r) => r.id === 2)).toEqual({ id: 2, u: 'K2XX' });
    expect(dead).toEqual([['/virtual/t.jsonl:5', 'async UDF look() timed out after 60 ms']]);
    expect(peak).toBe(3);
    expect(heldResults()).toBe(0);
  });

  it('resolves nested calls and calls in WHERE in rounds, each distinct call once', async () => {
    const calls: string[] = [];
    const spec = withUdfs(
      `export async function up(s: string): Promise<string> { return s; }
       export async function keep(s: string): Promise<boolean> { return true; }`,
      {
        up: async (s: string) => {
          calls.push(s);
          return `<${s}>`;
        },
        keep: async (s: string) => s !== 'b',
      },
      `${TABLE} SELECT id, up(up(s)) AS u FROM t WHERE keep(s);`,
    );
    const { rows, dead } = await run(spec, [line(1, 'a'), line(2, 'b'), line(3, 'a'), line(4, 'c')]);
    expect(dead).toEqual([]);
    expect(rows).toEqual([
      { id: 1, u: '<<a>>' },
      { id: 3, u: '<<a>>' },
      { id: 4, u: '<<c>>' },
    ]);
    expect(calls.sort()).toEqual(['<a>', '<c>', 'a', 'c']);
  });

  it('a rejected call or a result of the wrong type dead-letters the row with the reason', async () => {
    const spec = withUdfs(
      'export async function f(x: number): Promise<number> { return x; }',
      {
        f: async (x: number) => {
          if (x === 1) throw new Error('service down');
          return x === 2 ? 'two' : x;
        },
      },
      `${TABLE} SELECT id, f(x) AS y FROM t;`,
    );
    const { rows, dead } = await run(spec, [line(1, 'a'), line(2, 'b'), line(3, 'c')]);
    expect(rows).toEqual([{ id: 3, y: 3 }]);
    expect(dead).toEqual([
      ['/virtual/t.jsonl:1', 'async UDF f() failed: service down'],
      ['/virtual/t.jsonl:2', 'async UDF f() returned "two", not a finite number'],
    ]);
  });

  it('stages without async UDFs have no pre-pass', () => {
    const spec = withUdfs(
      'export function g(x: number): number { return x; }',
      { g: (x: number) => x },
      `${TABLE} SELECT g(x) AS y FROM t;`,
    );
    const ctx = { spec, stage: spec.stages[0]!, parseSource: undefined } as unknown as StageContext;
    expect(asyncPrefetcher(ctx)).toBeUndefined();
  });
});

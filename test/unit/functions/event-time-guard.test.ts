import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from '../../../compiler/spec/index.ts';
import { createOperatorChain } from '../../../functions/operators/operator-chain.ts';
import { futureEventTimeReason } from '../../../functions/runtime/event-time-guard.ts';
import { processRecords } from '../../../functions/runtime/process-records.ts';
import { createSourceParser } from '../../../functions/runtime/source-parser.ts';
import type { KinesisEventRecord } from '../../../functions/wire/kinesis-event.ts';
import { sourceDropsLate } from '../../../functions/wire/topology.ts';
import { isEos, WM_MIN } from '../../../functions/wire/watermark.ts';
import { tumblePipeline } from './fixtures.ts';

const HOUR = 3_600_000;
const ARRIVAL = Date.parse('2026-12-02T09:00:00.000Z');
const source = { maxFutureMs: HOUR, table: 'orders' };

describe('futureEventTimeReason (the event-time guard)', () => {
  it('passes rows up to max_future ahead of their arrival, however far the watermark lags', () => {
    const base = { arrivalMs: ARRIVAL, source, watermark: Date.parse('2020-01-01T00:00:00Z') };
    expect(futureEventTimeReason({ ...base, t: ARRIVAL + HOUR })).toBeUndefined();
    expect(futureEventTimeReason({ ...base, t: ARRIVAL - 365 * 24 * HOUR })).toBeUndefined();
    // a backfill that skips a day is not a bad clock: the bound is the arrival, not the watermark
    expect(futureEventTimeReason({ ...base, t: Date.parse('2020-01-02T00:00:00Z') })).toBeUndefined();
  });

  it('names the event time, the arrival, the watermark, the bound and the option to change', () => {
    const reason = futureEventTimeReason({
      t: Date.parse('9999-12-31T00:00:00Z'),
      arrivalMs: ARRIVAL,
      source,
      watermark: Date.parse('2026-12-02T08:59:00Z'),
    });
    expect(reason).toContain('event time 9999-12-31T00:00:00.000Z');
    expect(reason).toContain('max_future (1 hour)');
    expect(reason).toContain('arrival at 2026-12-02T09:00:00.000Z');
    expect(reason).toContain('source watermark 2026-12-02T08:59:00.000Z');
    expect(reason).toContain("raise max_future on table orders (e.g. max_future = '1 day')");
    expect(
      futureEventTimeReason({ t: ARRIVAL + HOUR + 1, arrivalMs: ARRIVAL, source, watermark: WM_MIN }),
    ).toContain('source watermark none yet');
  });

  it('refuses event times outside the range of a date, and the end of time, even without max_future', () => {
    const none = { maxFutureMs: null, table: 'orders' };
    for (const t of [1e16, -1e16]) {
      expect(futureEventTimeReason({ t, arrivalMs: ARRIVAL, source: none, watermark: WM_MIN })).toContain(
        `event time ${t} ms is not a representable instant`,
      );
    }
    expect(
      futureEventTimeReason({ t: 8.64e15, arrivalMs: ARRIVAL, source: none, watermark: WM_MIN }),
    ).toContain('is the end of time');
    expect(
      futureEventTimeReason({ t: 8.64e15 - 1, arrivalMs: ARRIVAL, source: none, watermark: WM_MIN }),
    ).toBe(undefined);
  });
});

describe('source parser: timestamps beyond the range of a date', () => {
  it('refuses them in any TIMESTAMP column, not only the event time (a sink could not write them)', () => {
    const spec = tumblePipeline({});
    const stage = spec.stages[0]!;
    if (stage.input.kind !== 'source') throw new Error('fixture');
    const src = stage.input.source;
    const parse = createSourceParser({
      ...src,
      schema: [...src.schema, { name: 'shipped', type: 'timestamp', nullable: true }],
    });
    const line = (shipped: string) => `{"id":1,"user":"u","amount":1,"ts":5,"shipped":${shipped}}`;
    expect(parse(line('8.64e15')).row.shipped).toBe(8.64e15);
    for (const bad of ['1e16', '-1e16'])
      expect(() => parse(line(bad))).toThrow(
        `field 'shipped' is ${Number(bad)} ms, not a representable timestamp (the range is ±8.64e15 ms`,
      );
  });
});

describe('processRecords with the event-time guard', () => {
  const base = tumblePipeline({ sizeMs: 10, delayMs: 0 });
  const withGuard = (maxFutureMs: number | null) => {
    const copy = JSON.parse(JSON.stringify(base));
    copy.stages[0].input.source.maxFutureMs = maxFutureMs;
    return parsePipelineSpec(copy);
  };
  const line = (id: number, ts: number | string) => JSON.stringify({ id, user: 'u', amount: 1, ts });
  const record = (seq: number, lo: number, lines: string[]): KinesisEventRecord => ({
    eventID: `shardId-000000000000:${seq}`,
    eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/x',
    kinesis: {
      data: Buffer.from(
        JSON.stringify({
          v: 1,
          p: 'ingest:orders',
          s: 'part-0',
          f: '0',
          lo: String(lo),
          hi: String(lo + lines.length),
          q: lines.map((_, i) => String(lo + i + 1)),
          rows: lines.map((l, i) => [i, 0, l]),
        }),
      ).toString('base64'),
      sequenceNumber: String(seq),
      approximateArrivalTimestamp: ARRIVAL / 1000,
    },
  });
  const run = (maxFutureMs: number | null) => {
    const spec = withGuard(maxFutureMs);
    const stage = spec.stages[0]!;
    const src = stage.input.kind === 'source' ? stage.input.source : undefined;
    const t0 = Date.parse('2026-12-02T08:00:00Z');
    return processRecords(
      {
        spec,
        stage,
        shardId: 'shardId-000000000000',
        streamName: 'x',
        chain: createOperatorChain(stage, { keyGroups: spec.keyGroups }),
        producers: new Map(),
        watermark: WM_MIN,
        srcMax: WM_MIN,
        expectedProducers: [],
        dropLate: sourceDropsLate(spec, stage),
        badData: 'drop',
        parseSource: src && createSourceParser(src),
        nowIso: '2026-12-02T09:00:00.000Z',
      },
      [
        record(1, 0, [line(1, t0), line(2, '9999-12-31T00:00:00Z')]),
        record(2, 2, [line(3, 1e16), line(4, t0 + 5)]),
        record(3, 4, [line(5, t0 + 10)]),
      ],
    );
  };

  it('dead-letters far-future and unrepresentable rows; they never move the watermark, so later rows pass', () => {
    const res = run(HOUR);
    expect(res.deadLetters.map((d) => d.reason.slice(0, 40))).toEqual([
      'event time 9999-12-31T00:00:00.000Z is m',
      "field 'ts' is 10000000000000000 ms, not ",
    ]);
    expect(res.stats).toMatchObject({ in: 5, late: 0, dlq: 2, out: 3 });
    expect(res.watermark).toBe(Date.parse('2026-12-02T08:00:00Z') + 10);
    expect(isEos(res.watermark)).toBe(false);
  });

  it('without a bound the 9999 row poisons the source: every later row is late (what the guard prevents)', () => {
    const res = run(null);
    expect(res.stats).toMatchObject({ in: 5, late: 2, dlq: 1, out: 2 });
    expect(res.watermark).toBe(Date.parse('9999-12-31T00:00:00Z'));
  });
});

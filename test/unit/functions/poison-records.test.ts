import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { IngestChunker } from '../../../functions/connectors/ingest-chunker.ts';
import { isOversizedLine, KINESIS_RECORD_BYTES } from '../../../functions/connectors/oversized-line.ts';
import { BadDataFailure } from '../../../functions/errors.ts';
import { capText, describeError, excerptValue, MAX_REASON_CHARS } from '../../../functions/excerpt.ts';
import { createOperatorChain, type OperatorChain } from '../../../functions/operators/operator-chain.ts';
import { processRecords } from '../../../functions/runtime/process-records.ts';
import { createSourceParser } from '../../../functions/runtime/source-parser.ts';
import { capDeadLetter, capUtf8, MAX_RAW_BYTES } from '../../../functions/state/dead-letter-cap.ts';
import { decodeEnvelope } from '../../../functions/wire/envelope.ts';
import type { KinesisEventRecord } from '../../../functions/wire/kinesis-event.ts';
import { WM_MIN } from '../../../functions/wire/watermark.ts';
import { tumblePipeline } from './fixtures.ts';

const spec = tumblePipeline({ sizeMs: 10, delayMs: 0 });
const s1 = spec.stages[0]!;
const source = s1.input.kind === 'source' ? s1.input.source : undefined;
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('excerpts and caps (I8)', () => {
  it('capText keeps short text and cuts long text, saying its length', () => {
    expect(capText('short', 10)).toBe('short');
    const cut = capText('x'.repeat(500_000), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toContain('(500,000 chars in all)');
    // never half a surrogate pair
    expect(capText('😀'.repeat(100), 50)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('excerptValue is bounded for huge strings and 5,000 nested arrays (JSON.stringify throws there)', () => {
    expect(() => JSON.stringify(JSON.parse(nested(5000)))).toThrow(RangeError);
    const deep = excerptValue(JSON.parse(nested(5000)));
    expect(deep.startsWith('[[[')).toBe(true);
    expect(deep.length).toBeLessThanOrEqual(200);
    const big = excerptValue('7'.repeat(500_000));
    expect(big.length).toBeLessThan(200);
    expect(big).toContain('a string of 500,000 chars');
    expect(excerptValue('x1239')).toBe('"x1239"');
    expect(excerptValue({ a: [1, null, true] })).toBe('{"a":[1,null,true]}');
  });

  it('describeError names any exception, never throws, and is capped', () => {
    expect(describeError(new RangeError('Maximum call stack size exceeded'))).toBe(
      'RangeError: Maximum call stack size exceeded',
    );
    expect(describeError('a string')).toBe('thrown string: a string');
    const evil = new Error('x');
    Object.defineProperty(evil, 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(describeError(evil)).toContain('cannot be described');
    expect(describeError(new TypeError('y'.repeat(100_000))).length).toBeLessThanOrEqual(MAX_REASON_CHARS);
  });

  it('capUtf8 keeps at most n UTF-8 bytes and whole characters', () => {
    const s = 'é😀a'.repeat(30_000);
    const cut = capUtf8(s, 1000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(cut)).toBeGreaterThan(990);
    expect(s.startsWith(cut)).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff]$/);
    expect(capUtf8('abc', 3)).toBe('abc');
  });

  it('capDeadLetter keeps a prefix of a huge raw input with its size and sha256', () => {
    const raw = `{"id":"${'9'.repeat(500_000)}"}`;
    const c = capDeadLetter({ reason: 'r'.repeat(10_000), raw, position: 'p' });
    expect(Buffer.byteLength(c.raw)).toBeLessThanOrEqual(MAX_RAW_BYTES);
    expect(raw.startsWith(c.raw)).toBe(true);
    expect(c.rawBytes).toBe(Buffer.byteLength(raw));
    expect(c.rawSha256).toBe(createHash('sha256').update(raw).digest('hex'));
    expect(c.reason.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
    expect(capDeadLetter({ reason: 'r', raw: 'small', position: 'p' })).toEqual({
      reason: 'r',
      raw: 'small',
      position: 'p',
    });
  });
});

describe('ingest chunker: no record over 1 MiB', () => {
  const chunks = (lines: string[]) => {
    const c = new IngestChunker('ingest:orders', ['0', '1'], 256 * 1024);
    const out = lines.flatMap((l, i) => c.add(i + 1, l));
    const last = c.close();
    return last ? [...out, last] : out;
  };

  it('sends a line too big for a record as a stand-in with its size and sha256', () => {
    const huge = `{"id":1,"s":"${'a'.repeat(1_200_000)}"}`;
    const out = chunks(['{"id":0}', huge, '{"id":2}']);
    for (const ch of out) {
      expect(Buffer.byteLength(ch.record.data) + ch.record.partitionKey.length).toBeLessThanOrEqual(
        KINESIS_RECORD_BYTES,
      );
    }
    const rows = out.flatMap((ch) => {
      const env = decodeEnvelope(ch.record.data);
      return env.rows.map((r) => [env.q[r[0]], r[2]] as const);
    });
    expect(rows.map(([q]) => q)).toEqual(['1', '2', '3']);
    const stand = rows[1]![1];
    expect(isOversizedLine(stand)).toBe(true);
    if (!isOversizedLine(stand)) return;
    expect(stand.oversized.bytes).toBe(huge.length);
    expect(stand.oversized.sha256).toBe(createHash('sha256').update(huge).digest('hex'));
    expect(huge.startsWith(stand.oversized.head)).toBe(true);
  });

  it('closes the chunk being filled before a big line that fits a record alone', () => {
    const filler = Array.from({ length: 200 }, (_, i) => `{"id":${i},"pad":"${'p'.repeat(1200)}"}`);
    const big = `{"id":999,"s":"${'b'.repeat(900_000)}"}`;
    const out = chunks([...filler, big]);
    for (const ch of out) {
      expect(Buffer.byteLength(ch.record.data) + ch.record.partitionKey.length).toBeLessThanOrEqual(
        KINESIS_RECORD_BYTES,
      );
    }
    const all = out.flatMap((ch) => decodeEnvelope(ch.record.data).rows.map((r) => r[2]));
    expect(all.at(-1)).toBe(big); // kept whole: it fits a record of its own
    expect(all).toHaveLength(201);
  });
});

const rec = (seq: number, data: string): KinesisEventRecord => ({
  eventID: `shardId-000000000000:${seq}`,
  eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/x',
  kinesis: {
    data: Buffer.from(data).toString('base64'),
    sequenceNumber: String(seq),
    approximateArrivalTimestamp: 1,
  },
});
const ingest = (lines: [number, unknown][]) =>
  JSON.stringify({
    v: 1,
    p: 'ingest:orders',
    s: 'part-0',
    f: '0',
    lo: '0',
    hi: String(lines.at(-1)![0]),
    q: lines.map(([n]) => String(n)),
    rows: lines.map(([, text], i) => [i, 0, text]),
  });

function run(records: KinesisEventRecord[], chain: OperatorChain, badData: 'drop' | 'fail' = 'drop') {
  return processRecords(
    {
      spec,
      stage: s1,
      shardId: 'shardId-000000000000',
      streamName: 'x',
      chain,
      producers: new Map(),
      watermark: WM_MIN,
      srcMax: WM_MIN,
      expectedProducers: [],
      dropLate: false,
      badData,
      parseSource: source ? createSourceParser(source) : undefined,
      nowIso: '2024-01-01T00:00:00.000Z',
    },
    records,
  );
}

describe('processRecords dead-letters any exception of one record (I8)', () => {
  const good = (id: number) => JSON.stringify({ id, user: 'u', amount: 1, ts: 100 + id });

  it('5,000 nested [ in a declared column: a capped DecodeError, not a RangeError that fails the batch', () => {
    const bad = `{"id":${nested(5000)},"user":"u","amount":1,"ts":5}`;
    const res = run(
      [
        rec(
          1,
          ingest([
            [1, good(1)],
            [2, bad],
            [3, good(3)],
          ]),
        ),
      ],
      createOperatorChain(s1, { keyGroups: spec.keyGroups }),
    );
    expect(res.deadLetters).toHaveLength(1);
    expect(res.deadLetters[0]!.position).toBe(`${source?.kind === 'single_file' ? source.path : ''}:2`);
    expect(res.deadLetters[0]!.reason).toMatch(/^field 'id' must be an integer, got \[\[\[/);
    expect(res.deadLetters[0]!.reason.length).toBeLessThan(300);
    expect(res.stats).toMatchObject({ in: 3, dlq: 1 });
  });

  it('a 500 KB string in a BIGINT column: the reason excerpts the value and states its length', () => {
    const bad = `{"id":"${'7'.repeat(500_000)}","user":"u","amount":1,"ts":5}`;
    const res = run([rec(1, ingest([[1, bad]]))], createOperatorChain(s1, { keyGroups: spec.keyGroups }));
    const d = res.deadLetters[0]!;
    expect(d.reason.length).toBeLessThan(300);
    expect(d.reason).toContain('a string of 500,000 chars');
  });

  it('an unusual exception while evaluating a row (RangeError, a thrown string) dead-letters that row', () => {
    const real = createOperatorChain(s1, { keyGroups: spec.keyGroups });
    let n = 0;
    const chain: OperatorChain = Object.assign(Object.create(real) as OperatorChain, {
      push(row: Record<string, unknown>, t: number) {
        n++;
        if (row.id === 2) throw new RangeError('Invalid string length');
        if (row.id === 3) throw 'plain string';
        real.push(row, t);
      },
    });
    const res = run(
      [
        rec(
          1,
          ingest([
            [1, good(1)],
            [2, good(2)],
            [3, good(3)],
            [4, good(4)],
          ]),
        ),
      ],
      chain,
    );
    expect(n).toBe(4);
    expect(res.deadLetters.map((d) => d.reason)).toEqual([
      'RangeError: Invalid string length',
      'thrown string: plain string',
    ]);
    expect(() => run([rec(1, ingest([[1, good(2)]]))], chain, 'fail')).toThrow(BadDataFailure);
  });

  it('an oversized-line stand-in is dead-lettered at its line with its size and sha256', () => {
    const res = run(
      [rec(1, ingest([[7, { oversized: { bytes: 2_000_000, sha256: 'ab'.repeat(32), head: '{"id":1' } }]]))],
      createOperatorChain(s1, { keyGroups: spec.keyGroups }),
    );
    expect(res.deadLetters).toEqual([
      expect.objectContaining({
        raw: '{"id":1',
        rawBytes: 2_000_000,
        rawSha256: 'ab'.repeat(32),
        reason: expect.stringContaining('line of 2,000,000 bytes does not fit in a Kinesis record'),
        position: expect.stringMatching(/:7$/),
      }),
    ]);
  });
});

describe('a window result that throws any exception is dead-lettered, not the whole batch (I8)', () => {
  it('RangeError from json_get over an aggregated value reaches the error handler as a row error', () => {
    const wspec = compile(
      `CREATE TABLE orders (order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
         WATERMARK FOR ts AS ts)
       WITH (connector = 'single_file', path = 'inputs/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');
       SELECT window.start AS ws, region, json_get(max(customer), 'x') AS j
       FROM orders GROUP BY tumble(interval '1 minute') AS window, region;`,
      { name: 'window-throw', baseDir: join(import.meta.dirname, '../../queries') },
    );
    const stage = wspec.stages.find((st) => st.operators.some((o) => o.kind === 'window_aggregate'))!;
    const errors: string[] = [];
    const rows: unknown[] = [];
    const chain = createOperatorChain(stage, {
      keyGroups: wspec.keyGroups,
      emit: (row) => rows.push(row),
      onError: (err) => errors.push(err.message),
    });
    const bad = `{"x":${nested(50_000)}}`;
    chain.push({ region: 'eu', customer: bad }, 1_000);
    chain.push({ region: 'us', customer: 'c1' }, 2_000);
    chain.advanceWatermark(120_000);
    expect(errors).toEqual([expect.stringMatching(/^RangeError: Maximum call stack size exceeded/)]);
    expect(rows).toEqual([expect.objectContaining({ region: 'us', j: null })]);
  });
});

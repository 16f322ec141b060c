import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/index.ts';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { listCheckpoints } from '../../../functions/state/checkpoint-store.ts';
import type { FaultContext, FaultInjector } from '../../../localstack/fault-injector.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { KafkaPeerUnreachableError, kafkaPeerFor } from '../../../localstack/kafka/index.ts';
import { PipelineSession } from '../../../ops/session/pipeline-session.ts';
import { readJsonLines } from '../../support/golden-run.ts';
import { normalizeRows } from '../../support/normalize.ts';
import { duckdbRows } from '../../support/oracle.ts';
import { waitUntil } from '../../support/wait-until.ts';

/**
 * Kafka source → tumbling window → file sink on the local stack, against librdkafka's mock cluster
 * (started by the session: the table names an unreachable local broker). The first batch the Kafka
 * mapping delivers is delivered again after its success (a lost result), so the source stage sees
 * a re-delivered batch; the sink must still equal DuckDB over the same events. A record that is not
 * JSON is dead-lettered with its topic, partition and offset.
 */
const BASE = Date.UTC(2024, 0, 1);
const WAIT = { timeoutMs: 240_000 };
const TEST = { timeout: 300_000 };
const PARTITIONS = 4; // the mock cluster makes every topic with 4 partitions
const EVENTS = 80;

let stack: LocalStack;
let dir: string;
const redelivered: FaultContext[] = [];
const faults: FaultInjector = {
  beforeInvoke: () => ({ kind: 'none' }),
  afterInvoke: (ctx) => {
    if (ctx.shardId !== 'events' || redelivered.length > 0) return { kind: 'none' };
    redelivered.push(ctx);
    return { kind: 'redeliver' };
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-kafka-golden-'));
  stack = await startLocalStack({ port: 0, dataDir: join(dir, 'stack'), faults });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sql = (sinkPath: string, servers: string) => `
CREATE TABLE events (
  id BIGINT,
  ts TIMESTAMP,
  amount BIGINT,
  part BIGINT METADATA FROM 'partition',
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  connector = 'kafka', type = 'source', bootstrap_servers = '${servers}', topic = 'events',
  format = 'json', bad_data = 'drop', 'source.offset' = 'earliest'
);
CREATE TABLE out WITH (connector = 'single_file', type = 'sink', path = '${sinkPath}');
INSERT INTO out
SELECT window.start AS window_start, window.end AS window_end, part, SUM(amount) AS total, COUNT(*) AS n
FROM events GROUP BY tumble(interval '10 seconds') AS window, part;
`;

describe('kafka source on the local stack', () => {
  it(
    'windowed aggregate over a re-delivered batch equals DuckDB; a bad record is dead-lettered',
    TEST,
    async () => {
      const sinkPath = join(dir, 'out.jsonl');
      // Port 9 (discard) on localhost: nothing listens, so the session starts the mock cluster.
      const spec = compile(sql(sinkPath, 'localhost:9'), { name: 'kafka-golden', parallelism: 2 });
      const session = await PipelineSession.start({
        spec,
        endpoint: stack.endpoint,
        workDir: join(dir, 'run'),
      });
      const src = session.spec.stages[0]!.input;
      if (src.kind !== 'source' || src.source.kind !== 'kafka') throw new Error('no kafka source');
      const brokers = src.source.bootstrapServers;
      expect(brokers).not.toEqual(['localhost:9']);

      const kafka = new Kafka({ clientId: 'golden', brokers: [...brokers], logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      const events = Array.from({ length: EVENTS }, (_, i) => ({
        id: i,
        ts: BASE + i * 1000,
        amount: (i * 7) % 11,
        partition: i % PARTITIONS,
      }));
      for (const e of events)
        await producer.send({
          topic: 'events',
          messages: [
            { partition: e.partition, value: JSON.stringify({ id: e.id, ts: e.ts, amount: e.amount }) },
          ],
        });
      // A record that is not JSON: partition 1's next offset is EVENTS / PARTITIONS.
      await producer.send({ topic: 'events', messages: [{ partition: 1, value: 'not json {' }] });
      // One late flush event per partition moves every partition's watermark past the last window.
      for (let p = 0; p < PARTITIONS; p++)
        await producer.send({
          topic: 'events',
          messages: [{ partition: p, value: JSON.stringify({ id: -1, ts: BASE + 3_600_000, amount: 0 }) }],
        });
      await producer.disconnect();

      const inputPath = join(dir, 'events.jsonl');
      writeFileSync(inputPath, events.map((e) => JSON.stringify(e)).join('\n'));
      const expected = normalizeRows(
        await duckdbRows(`
        SELECT time_bucket(INTERVAL '10 seconds', epoch_ms(ts)) AS window_start,
          time_bucket(INTERVAL '10 seconds', epoch_ms(ts)) + INTERVAL '10 seconds' AS window_end,
          partition AS part, sum(amount) AS total, count(*) AS n
        FROM read_json('${inputPath}', format = 'newline_delimited',
          columns = {id: 'BIGINT', ts: 'BIGINT', amount: 'BIGINT', partition: 'BIGINT'})
        GROUP BY ALL`),
      );
      expect(expected.length).toBe(8 * PARTITIONS);

      const table = resourceNames.table(spec.name);
      const sinkStage = spec.stages[spec.stages.length - 1]!.id;
      await waitUntil(
        'the sink stage to commit every window before the flush events',
        async () => {
          const cps = await listCheckpoints(session.clients.dynamo, table, sinkStage);
          return cps.reduce((n, cp) => n + cp.doc.stats.out, 0) >= expected.length;
        },
        WAIT,
      );
      const { deadLetters } = await session.finish();
      expect(redelivered.length).toBe(1);
      expect(normalizeRows(await readJsonLines(sinkPath))).toEqual(expected);
      // Committed once per partition: the re-delivered batch was skipped by seq, not counted again.
      const s1 = await listCheckpoints(session.clients.dynamo, table, 's1');
      expect(s1.map((cp) => cp.shardId).sort()).toEqual(['events/0', 'events/1', 'events/2', 'events/3']);
      expect(s1.reduce((n, cp) => n + cp.doc.stats.in, 0)).toBe(EVENTS + 1 + PARTITIONS);
      expect(deadLetters.map((d) => d.position)).toEqual([`kafka://events/1@${EVENTS / PARTITIONS}`]);
    },
  );

  it('an unreachable broker that is not local: a clear error naming the address and the fix', async () => {
    const spec = compile(sql(join(dir, 'x.jsonl'), 'broker.invalid:9092'), { name: 'kafka-unreachable' });
    const err = await kafkaPeerFor(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaPeerUnreachableError);
    expect((err as Error).message).toContain('broker.invalid:9092');
    expect((err as Error).message).toContain('Start the broker or fix bootstrap_servers');
  });
});

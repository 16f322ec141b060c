import { describe, expect, it } from 'vitest';
import {
  kafkaMessagesOf,
  kafkaPartitionBatches,
  metadataValue,
  offsetOfSeq,
  parseKafkaEsmEvent,
  seqOfOffset,
} from '../../../functions/connectors/kafka/index.ts';
import { DecodeError } from '../../../functions/errors.ts';
import {
  type KafkaRecord,
  kafkaEvent,
  readKafkaBatchResponse,
} from '../../../localstack/lambda/esm/kafka-event.ts';

/** AWS's documented self-managed Kafka example event (Lambda developer guide, with-kafka). */
const AWS_EXAMPLE = {
  eventSource: 'SelfManagedKafka',
  bootstrapServers:
    'b-2.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092,b-1.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092',
  records: {
    'mytopic-0': [
      {
        topic: 'mytopic',
        partition: 0,
        offset: 15,
        timestamp: 1545084650987,
        timestampType: 'CREATE_TIME',
        key: 'cmVjb3JkS2V5',
        value: 'eyJrZXkiOiJ2YWx1ZSJ9',
        headers: [{ headerKey: [104, 101, 97, 100, 101, 114, 86, 97, 108, 117, 101] }],
      },
    ],
  },
};

const rec = (
  partition: number,
  offset: number,
  value: string | null,
  key: string | null = null,
): KafkaRecord => ({
  topic: 'clicks',
  partition,
  offset: String(offset),
  timestamp: 1_700_000_000_000 + offset,
  timestampType: 'CREATE_TIME',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: [['h', Buffer.from('v')]],
});

describe('Kafka ESM events', () => {
  it("decodes AWS's example event into a source line with position and METADATA FROM values", () => {
    const [b] = kafkaPartitionBatches(parseKafkaEsmEvent(AWS_EXAMPLE));
    expect(b?.partitionId).toBe('mytopic/0');
    const line = b!.lines[0]!;
    expect(line.text).toBe('{"key":"value"}');
    expect(line.position).toEqual({ topic: 'mytopic', partition: 0, offset: 15 });
    expect(line.seq).toBe('16');
    expect(Buffer.from(line.headers.get('headerKey')!).toString()).toBe('headerValue');
    expect(
      (['offset_id', 'partition', 'topic', 'timestamp', 'key'] as const).map((f) => metadataValue(line, f)),
    ).toEqual([15, 0, 'mytopic', 1545084650987, 'recordKey']);
  });

  it("round-trips the emulator's events: partitions split and ordered, null key absent, offsets as seqs", () => {
    const event = kafkaEvent([rec(1, 7, '{"a":1}', 'k'), rec(0, 3, '{"a":2}'), rec(1, 8, '{"a":3}')], {
      eventSource: 'aws:kafka',
      eventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/1',
      bootstrapServers: ['127.0.0.1:1', '127.0.0.1:2'],
    });
    const parsed = parseKafkaEsmEvent(JSON.parse(event));
    expect(parsed.bootstrapServers).toBe('127.0.0.1:1,127.0.0.1:2');
    const batches = kafkaPartitionBatches(parsed);
    expect(
      batches.map((b) => [b.partitionId, b.lines.map((l) => [l.text, l.seq, metadataValue(l, 'key')])]),
    ).toEqual([
      ['clicks/0', [['{"a":2}', '4', null]]],
      [
        'clicks/1',
        [
          ['{"a":1}', '8', 'k'],
          ['{"a":3}', '9', null],
        ],
      ],
    ]);
    expect(offsetOfSeq(seqOfOffset(41))).toBe(41);
  });

  it('refuses a value that is not UTF-8 with its position, and a record filed under another key', () => {
    const bad = {
      ...AWS_EXAMPLE,
      records: { 'mytopic-0': [{ ...AWS_EXAMPLE.records['mytopic-0'][0], value: '/w==' }] },
    };
    expect(() => kafkaPartitionBatches(parseKafkaEsmEvent(bad))).toThrow(DecodeError);
    expect(() => kafkaPartitionBatches(parseKafkaEsmEvent(bad))).toThrow(/mytopic\/0@15/);
    const misfiled = { ...AWS_EXAMPLE, records: { 'mytopic-1': AWS_EXAMPLE.records['mytopic-0'] } };
    expect(() => kafkaPartitionBatches(parseKafkaEsmEvent(misfiled))).toThrow(/mytopic-1/);
    expect(() => parseKafkaEsmEvent({ Records: [] })).toThrow(/not a Kafka event/);
  });

  it('reads ReportBatchItemFailures responses per topic-partition', () => {
    const records = [rec(0, 1, 'a'), rec(0, 2, 'b'), rec(1, 5, 'c')];
    expect(readKafkaBatchResponse('{"batchItemFailures":[]}', records)).toEqual({ kind: 'success' });
    expect(readKafkaBatchResponse('null', records)).toEqual({ kind: 'success' });
    const partial = readKafkaBatchResponse(
      JSON.stringify({
        batchItemFailures: [
          { itemIdentifier: { 'topic-partition': 'clicks-0', offset: 2 } },
          { itemIdentifier: { 'topic-partition': 'clicks-0', offset: 1 } },
        ],
      }),
      records,
    );
    expect(partial).toEqual({ kind: 'partial', retryFrom: new Map([['clicks-0', 1n]]) });
    expect(readKafkaBatchResponse('{"batchItemFailures":[{"itemIdentifier":"2"}]}', records).kind).toBe(
      'malformed',
    );
    expect(
      readKafkaBatchResponse(
        '{"batchItemFailures":[{"itemIdentifier":{"topic-partition":"clicks-1","offset":9}}]}',
        records,
      ).kind,
    ).toBe('malformed');
  });

  it("builds the sink's messages: row id in the header, as the key unless sink.key_field", () => {
    const rows = [{ rowId: 'r1', value: '{"k":"a"}', row: { k: 'a', n: 1, ts: '2024-01-01T00:00:00Z' } }];
    expect(kafkaMessagesOf(rows, { topic: 't', keyField: undefined, timestampField: 'ts' })).toEqual([
      { value: '{"k":"a"}', headers: { 'sluice-row-id': 'r1' }, key: 'r1', timestamp: '1704067200000' },
    ]);
    expect(kafkaMessagesOf(rows, { topic: 't', keyField: 'n', timestampField: undefined })[0]?.key).toBe('1');
    expect(() => kafkaMessagesOf(rows, { topic: 't', keyField: undefined, timestampField: 'k' })).toThrow(
      /sink.timestamp_field k of row r1/,
    );
  });
});

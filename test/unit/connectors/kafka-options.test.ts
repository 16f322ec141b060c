import { describe, expect, it } from 'vitest';
import { kafkaOptions, parseClientConfigs } from '../../../compiler/spec/index.ts';

const issues = (raw: Record<string, string>) => {
  const r = kafkaOptions.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
};

describe('Kafka options (Arroyo names and defaults)', () => {
  it("applies Arroyo's defaults to a source", () => {
    expect(
      kafkaOptions.parse({ bootstrap_servers: 'b1:9092,b2:9092', type: 'source', topic: 'orders' }),
    ).toEqual({
      bootstrapServers: ['b1:9092', 'b2:9092'],
      topic: 'orders',
      topicPattern: undefined,
      auth: { kind: 'none' },
      table: {
        kind: 'source',
        offset: 'latest',
        readMode: 'read_uncommitted',
        groupId: undefined,
        groupIdPrefix: undefined,
      },
      clientConfigs: {},
      valueSubject: undefined,
      schemaRegistry: undefined,
    });
  });

  it('reads a SASL sink with key and timestamp fields and client configs', () => {
    const o = kafkaOptions.parse({
      bootstrap_servers: 'broker:9096',
      type: 'sink',
      topic: 'out',
      'auth.type': 'sasl',
      'auth.mechanism': 'SCRAM-SHA-512',
      'auth.protocol': 'SASL_SSL',
      'auth.username': 'u',
      'auth.password': 'p',
      'sink.key_field': 'k',
      'sink.timestamp_field': 'ts',
      client_configs: 'linger.ms=5, compression.type=zstd',
    });
    expect(o.auth).toEqual({
      kind: 'sasl',
      mechanism: 'SCRAM-SHA-512',
      protocol: 'SASL_SSL',
      username: 'u',
      password: 'p',
    });
    expect(o.table).toEqual({
      kind: 'sink',
      commitMode: 'at_least_once',
      keyField: 'k',
      timestampField: 'ts',
    });
    expect(o.clientConfigs).toEqual({ 'linger.ms': '5', 'compression.type': 'zstd' });
  });

  it('names the option in each issue', () => {
    expect(issues({ type: 'source', topic: 't' })[0]).toMatch(/^bootstrap_servers:/);
    expect(issues({ bootstrap_servers: 'nope', type: 'source', topic: 't' })[0]).toMatch(
      /^bootstrap_servers: must be host:port/,
    );
    expect(issues({ bootstrap_servers: 'b:1', type: 'source' })).toEqual([
      "topic: either 'topic' or 'topic_pattern' must be specified",
    ]);
    expect(issues({ bootstrap_servers: 'b:1', type: 'sink', topic_pattern: 'a.*' })).toContain(
      "topic_pattern: 'topic_pattern' can only be used with source tables, not sinks",
    );
    expect(
      issues({ bootstrap_servers: 'b:1', type: 'source', topic: 't', 'source.offset': 'middle' })[0],
    ).toMatch(/^source\.offset:/);
    expect(issues({ bootstrap_servers: 'b:1', type: 'source', topic: 't', 'sink.key_field': 'k' })).toEqual([
      'sink.key_field: sink.key_field applies to a sink only',
    ]);
    expect(
      issues({
        bootstrap_servers: 'b:1',
        type: 'source',
        topic: 't',
        'auth.type': 'sasl',
        'auth.username': 'u',
      }),
    ).toEqual([
      "auth.mechanism: auth.mechanism is required with auth.type = 'sasl'",
      "auth.protocol: auth.protocol is required with auth.type = 'sasl'",
      "auth.password: auth.password is required with auth.type = 'sasl'",
    ]);
    expect(
      issues({ bootstrap_servers: 'b:1', type: 'source', topic: 't', 'auth.type': 'aws_msk_iam' }),
    ).toEqual(["auth.region: auth.region is required with auth.type = 'aws_msk_iam'"]);
    expect(
      issues({ bootstrap_servers: 'b:1', type: 'source', topic: 't', 'source.grup_id': 'g', colour: 'x' }),
    ).toEqual(['source.grup_id: unknown option source.grup_id', 'colour: unknown option colour']);
  });

  it("parses client_configs as Arroyo's string_to_map", () => {
    expect(parseClientConfigs('a=1,b=x=y')).toEqual({ a: '1', b: 'x=y' });
    expect(parseClientConfigs('a=1,oops')).toBeUndefined();
  });
});

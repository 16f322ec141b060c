import { describe, expect, it } from 'vitest';
import { mqttClientId, mqttOptions, validFilter } from '../../../functions/connectors/mqtt/index.ts';

const issues = (raw: Record<string, string>) => {
  const r = mqttOptions.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
};

describe('MQTT options (Arroyo names and defaults)', () => {
  it('applies the defaults', () => {
    expect(mqttOptions.parse({ url: 'tcp://localhost:1883', type: 'source', topic: 'sensors/#' })).toEqual({
      url: 'tcp://localhost:1883',
      username: undefined,
      password: undefined,
      tls: undefined,
      clientPrefix: 'sluice-mqtt',
      maxPacketSize: 10_240,
      topic: 'sensors/#',
      qos: 0,
      table: { kind: 'source' },
    });
  });

  it('reads a TLS sink; tls.* only for ssl:// and mqtts:// (as Arroyo)', () => {
    const o = mqttOptions.parse({
      url: 'mqtts://broker:8883',
      type: 'sink',
      topic: 'out',
      qos: 'ExactlyOnce',
      'sink.retain': 'true',
      'tls.ca': '/etc/ca.pem',
      max_packet_size: '65536',
    });
    expect(o).toMatchObject({
      qos: 2,
      tls: { ca: '/etc/ca.pem' },
      maxPacketSize: 65_536,
      table: { kind: 'sink', retain: true },
    });
    expect(
      mqttOptions.parse({ url: 'tcp://b', type: 'sink', topic: 'o', 'tls.ca': 'x' }).tls,
    ).toBeUndefined();
  });

  it('names the option in each issue', () => {
    expect(issues({ url: 'http://x', type: 'source', topic: 't' })[0]).toMatch(/^url:/);
    expect(issues({ url: 'mqtt://x', type: 'sink', topic: 'a/+/b' })).toEqual([
      'topic: a sink publishes to one topic: the wildcards + and # are for sources only',
    ]);
    expect(issues({ url: 'mqtt://x', type: 'source', topic: 'a/#/b' })[0]).toMatch(/^topic:/);
    expect(issues({ url: 'mqtt://x', type: 'source', topic: 't', 'sink.retain': 'true' })).toEqual([
      'sink.retain: sink.retain applies to a sink only',
    ]);
    expect(issues({ url: 'mqtt://x', type: 'sink', topic: 't', 'sink.retain': 'yes' })).toEqual([
      "sink.retain: 'sink.retain' must be either 'true' or 'false'",
    ]);
    expect(issues({ url: 'mqtt://x', type: 'sink', topic: 't', qos: '1' })[0]).toMatch(/^qos:/);
    expect(issues({ url: 'mqtt://x', type: 'sink', topic: 't', max_packet_size: '4294967296' })[0]).toMatch(
      /^max_packet_size:/,
    );
  });

  it('checks topic filters and builds client ids as Arroyo does', () => {
    expect(['a/b', 'a/+/c', '+', '#', 'a/#'].every(validFilter)).toBe(true);
    expect(['a#', 'a/#/b', 'a+/b'].some(validFilter)).toBe(false);
    expect(mqttClientId('p', 3, 1_700_000_123_456)).toBe('p_323456');
  });
});

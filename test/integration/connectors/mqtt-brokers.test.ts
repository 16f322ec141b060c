import { createConnection } from 'node:net';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttPublisher, mqttOptions } from '../../../functions/connectors/mqtt/index.ts';
import { processAlive } from '../../../localstack/child-watchdog.ts';
import { type MqttBroker, startAedesBroker, startMosquitto } from '../../../localstack/mqtt/index.ts';

let aedes: MqttBroker;
let mosquitto: MqttBroker;
beforeAll(async () => {
  aedes = await startAedesBroker();
  mosquitto = await startMosquitto();
});
afterAll(async () => {
  await aedes?.stop();
  await mosquitto?.stop();
});

describe('the local MQTT peers', () => {
  it('aedes: a QoS 1 subscriber gets every QoS 1 message, in order, on 127.0.0.1', async () => {
    expect(aedes.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    const sub = await connectAsync(aedes.url, { protocolVersion: 4, clientId: 'sub', clean: false });
    await sub.subscribeAsync('sensors/+/temp', { qos: 1 });
    const got: string[] = [];
    const all = new Promise<void>((resolve) =>
      sub.on('message', (topic, payload, packet) => {
        got.push(`${topic} ${payload.toString()} q${packet.qos}`);
        if (got.length === 3) resolve();
      }),
    );
    const pub = await connectAsync(aedes.url, { protocolVersion: 4, clientId: 'pub' });
    for (const [room, t] of [
      ['a', 20],
      ['b', 21],
      ['a', 22],
    ] as const)
      await pub.publishAsync(`sensors/${room}/temp`, JSON.stringify({ t }), { qos: 1 });
    await pub.publishAsync('other/topic', 'ignored', { qos: 1 });
    await all;
    expect(got).toEqual([
      'sensors/a/temp {"t":20} q1',
      'sensors/b/temp {"t":21} q1',
      'sensors/a/temp {"t":22} q1',
    ]);
    await pub.endAsync();
    await sub.endAsync();
  });

  it("the sink's publisher carries each row id as an MQTT 5 user property (mosquitto)", async () => {
    const sub = await connectAsync(mosquitto.url, { protocolVersion: 5, clientId: 'sink-check' });
    await sub.subscribeAsync('out/counts', { qos: 1 });
    const got: { payload: string; id: unknown; qos: number }[] = [];
    const all = new Promise<void>((resolve) =>
      sub.on('message', (_t, payload, packet) => {
        got.push({
          payload: payload.toString(),
          id: packet.properties?.userProperties?.['sluice-row-id'],
          qos: packet.qos,
        });
        if (got.length === 2) resolve();
      }),
    );
    const opts = mqttOptions.parse({
      url: mosquitto.url,
      type: 'sink',
      topic: 'out/counts',
      qos: 'AtLeastOnce',
    });
    const pub = await MqttPublisher.connect(opts);
    await pub.publish([
      { rowId: 'w1:k1', value: '{"k":"k1","n":3}' },
      { rowId: 'w1:k2', value: '{"k":"k2","n":5}' },
    ]);
    await all;
    await pub.close();
    await sub.endAsync();
    expect(got).toEqual([
      { payload: '{"k":"k1","n":3}', id: 'w1:k1', qos: 1 },
      { payload: '{"k":"k2","n":5}', id: 'w1:k2', qos: 1 },
    ]);
  });

  it('the publisher names the address and MQTT 5 when a broker speaks only MQTT 3.1.1 (aedes)', async () => {
    const opts = mqttOptions.parse({ url: aedes.url, type: 'sink', topic: 'out' });
    await expect(MqttPublisher.connect(opts)).rejects.toThrow(
      new RegExp(`${aedes.url.replace(/\./g, '\\.')}.*MQTT 5`),
    );
  });

  it('mosquitto stops with its process gone', async () => {
    const m = await startMosquitto();
    const sub = await connectAsync(m.url, { protocolVersion: 5, reconnectPeriod: 0 });
    await sub.endAsync();
    expect(m.pid !== undefined && processAlive(m.pid)).toBe(true);
    await m.stop();
    expect(processAlive(m.pid!)).toBe(false);
    const refused = await new Promise<boolean>((resolve) => {
      const s = createConnection(m.port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

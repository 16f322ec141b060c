import { readFileSync } from 'node:fs';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { ConfigError, EvaluationError } from '../../errors.ts';
import type { MqttOptions } from './mqtt-options.ts';

/** The MQTT 5 user property that carries a row's id (I2, I7): consumers dedupe on it. */
export const ROW_ID_PROPERTY = 'sluice-row-id';

export interface MqttSinkRow {
  readonly rowId: string;
  readonly value: string;
}

/** Arroyo's client id: `<client_prefix>_<task><epoch ms % 100000>` (unique per connection). */
export function mqttClientId(prefix: string, task: number, nowMs: number): string {
  return `${prefix}_${task}${nowMs % 100_000}`;
}

/** A `tls.*` value is a file path or the PEM text itself (as Arroyo reads it). */
const pem = (v: string): string => {
  try {
    return readFileSync(v, 'utf8');
  } catch {
    return v;
  }
};

/** The `mqtt` client options of a sink: MQTT 5, the url's transport, credentials, TLS. */
export function mqttClientOptions(o: MqttOptions, clientId: string): IClientOptions {
  return {
    protocolVersion: 5,
    clientId,
    keepalive: 10,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    properties: { maximumPacketSize: o.maxPacketSize === 0 ? undefined : o.maxPacketSize },
    ...(o.username !== undefined ? { username: o.username, password: o.password ?? '' } : {}),
    ...(o.tls?.ca !== undefined ? { ca: pem(o.tls.ca) } : {}),
    ...(o.tls?.cert !== undefined ? { cert: pem(o.tls.cert) } : {}),
    ...(o.tls?.key !== undefined ? { key: pem(o.tls.key) } : {}),
  };
}

/**
 * The MQTT sink's publisher (at least once at QoS 1 or 2, at most once at QoS 0): each row is one
 * message on the sink's topic, its JSON as the payload unchanged, its id in the MQTT 5 user
 * property `sluice-row-id`. `publish` resolves when the broker has acknowledged every message
 * (PUBACK / PUBCOMP), so the stage commits its epoch after (I3). It needs an MQTT 5 broker
 * (mosquitto, AWS IoT Core, EMQX, HiveMQ); an MQTT 3.1.1-only broker (aedes) refuses the
 * connection, and the error says so.
 */
export class MqttPublisher {
  readonly #client: MqttClient;
  readonly #o: MqttOptions;
  readonly #retain: boolean;

  private constructor(client: MqttClient, o: MqttOptions) {
    this.#client = client;
    this.#o = o;
    this.#retain = o.table.kind === 'sink' && o.table.retain;
  }

  static async connect(o: MqttOptions, task = 0): Promise<MqttPublisher> {
    if (o.table.kind !== 'sink') throw new ConfigError(`MQTT table on ${o.topic} is not a sink`);
    const url = o.url.replace(/^tcp:/, 'mqtt:').replace(/^ssl:/, 'mqtts:');
    try {
      const client = await connectAsync(
        url,
        mqttClientOptions(o, mqttClientId(o.clientPrefix, task, Date.now())),
      );
      return new MqttPublisher(client, o);
    } catch (err) {
      const msg = (err as Error).message;
      const hint = /protocol version/i.test(msg)
        ? ': the broker does not speak MQTT 5, which the sink needs for the row id property'
        : '';
      throw new ConfigError(`cannot connect to the MQTT broker at ${o.url}: ${msg}${hint}`);
    }
  }

  async publish(rows: readonly MqttSinkRow[]): Promise<void> {
    const limit = this.#o.maxPacketSize;
    for (const r of rows) {
      // fixed header, topic, packet id, properties: a bound, not the exact size
      const bytes = Buffer.byteLength(r.value) + Buffer.byteLength(this.#o.topic) + r.rowId.length + 40;
      if (limit > 0 && bytes > limit)
        throw new EvaluationError(
          `row ${r.rowId} needs a ~${bytes}-byte MQTT packet, over max_packet_size ${limit}; raise max_packet_size`,
        );
    }
    await Promise.all(
      rows.map((r) =>
        this.#client.publishAsync(this.#o.topic, r.value, {
          qos: this.#o.qos,
          retain: this.#retain,
          properties: { userProperties: { [ROW_ID_PROPERTY]: r.rowId } },
        }),
      ),
    );
  }

  async close(): Promise<void> {
    await this.#client.endAsync();
  }
}

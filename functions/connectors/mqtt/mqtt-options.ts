import { z } from 'zod';
import { optionsSchema } from '../../../compiler/spec/index.ts';

/**
 * The options of `connector = 'mqtt'`, with Arroyo's names, defaults and required ones
 * (arroyo-connectors/src/mqtt: `connection_from_options`, `table_from_options`, profile.json):
 *
 * | option | default | |
 * |---|---|---|
 * | `url` | required | `tcp://`, `mqtt://`, `ssl://` or `mqtts://` host[:port] |
 * | `type` | required | `source` \| `sink` |
 * | `topic` | required | `+`/`#` wildcards in a source's topic only |
 * | `username`, `password` | none | |
 * | `tls.ca`, `tls.cert`, `tls.key` | none | read for `ssl://`/`mqtts://` only (as Arroyo) |
 * | `client_prefix` | `sluice-mqtt` | Arroyo's is `arroyo-mqtt`; the client id is `<prefix>_<n><ms % 100000>` |
 * | `max_packet_size` | 10240 | bytes, 0 … 4294967295 |
 * | `qos` | `AtMostOnce` | `AtMostOnce` \| `AtLeastOnce` \| `ExactlyOnce` |
 * | `sink.retain` | `false` | `true` \| `false`, sinks only |
 *
 * `METADATA FROM 'topic'` is the one metadata field (MQTT_METADATA).
 */
export const mqttOptionFields = z.strictObject({
  url: z
    .string()
    .regex(
      /^(tcp|mqtt|ssl|mqtts):\/\/[^/\s]+/,
      'must start with tcp://, mqtt://, ssl:// or mqtts:// and name a host',
    ),
  type: z.enum(['source', 'sink']),
  topic: z.string().min(1, 'must not be empty'),
  username: z.string().optional(),
  password: z.string().optional(),
  'tls.ca': z.string().optional(),
  'tls.cert': z.string().optional(),
  'tls.key': z.string().optional(),
  client_prefix: z.string().min(1).default('sluice-mqtt'),
  max_packet_size: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of bytes')
    .transform(Number)
    .pipe(z.number().max(4_294_967_295, 'must be at most 4294967295'))
    .default(10_240),
  qos: z.enum(['AtMostOnce', 'AtLeastOnce', 'ExactlyOnce']).default('AtMostOnce'),
  'sink.retain': z
    .enum(['true', 'false'], "'sink.retain' must be either 'true' or 'false'")
    .transform((v) => v === 'true')
    .default(false),
});
type Fields = z.infer<typeof mqttOptionFields>;

export type MqttQos = 0 | 1 | 2;

export interface MqttOptions {
  readonly url: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Set for `ssl://` and `mqtts://` only. */
  readonly tls: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  readonly clientPrefix: string;
  readonly maxPacketSize: number;
  readonly topic: string;
  readonly qos: MqttQos;
  readonly table: { readonly kind: 'source' } | { readonly kind: 'sink'; readonly retain: boolean };
}

const QOS: Readonly<Record<Fields['qos'], MqttQos>> = { AtMostOnce: 0, AtLeastOnce: 1, ExactlyOnce: 2 };

function rules(
  o: Fields,
  raw: Readonly<Record<string, string>>,
  issue: (p: string, m: string) => void,
): void {
  if (o.type === 'source' && raw['sink.retain'] !== undefined)
    issue('sink.retain', 'sink.retain applies to a sink only');
  if (o.type === 'sink' && /[+#]/.test(o.topic))
    issue('topic', 'a sink publishes to one topic: the wildcards + and # are for sources only');
  if (o.type === 'source' && !validFilter(o.topic))
    issue('topic', "'#' must be the last level and '+' a whole level (sensors/+/temp, sensors/#)");
}

/** MQTT 3.1.1 §4.7: `#` only as the whole last level, `+` only as a whole level. */
export function validFilter(topic: string): boolean {
  const levels = topic.split('/');
  return levels.every((l, i) =>
    l === '#' ? i === levels.length - 1 : l === '+' || (!l.includes('#') && !l.includes('+')),
  );
}

function build(o: Fields): MqttOptions {
  const tlsScheme = /^(ssl|mqtts):/.test(o.url);
  return {
    url: o.url,
    username: o.username,
    password: o.password,
    tls: tlsScheme
      ? {
          ...(o['tls.ca'] !== undefined ? { ca: o['tls.ca'] } : {}),
          ...(o['tls.cert'] !== undefined ? { cert: o['tls.cert'] } : {}),
          ...(o['tls.key'] !== undefined ? { key: o['tls.key'] } : {}),
        }
      : undefined,
    clientPrefix: o.client_prefix,
    maxPacketSize: o.max_packet_size,
    topic: o.topic,
    qos: QOS[o.qos],
    table: o.type === 'source' ? { kind: 'source' } : { kind: 'sink', retain: o['sink.retain'] },
  };
}

/** The MQTT options of a table's WITH (…), defaults applied; issues name the option in `path[0]`. */
export const mqttOptions = optionsSchema(mqttOptionFields, rules, build);

export const MQTT_METADATA = { topic: 'string' } as const;

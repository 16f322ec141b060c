import { z } from 'zod';
import { optionsSchema } from './option-schema.ts';

/**
 * The options of `connector = 'kafka'`, with Arroyo's names, defaults and required ones
 * (arroyo-connectors/src/kafka/mod.rs, `connection_from_options` and `table_from_options`):
 *
 * | option | default | |
 * |---|---|---|
 * | `bootstrap_servers` | required | `host:port[,host:port…]` |
 * | `type` | required | `source` \| `sink` |
 * | `topic` / `topic_pattern` | exactly one | a pattern for sources only |
 * | `auth.type` | `none` | `none` \| `sasl` \| `aws_msk_iam` |
 * | `auth.mechanism`, `auth.protocol`, `auth.username`, `auth.password` | required with `sasl` | |
 * | `auth.region` | required with `aws_msk_iam` | |
 * | `source.offset` | `latest` | `earliest` \| `latest` \| `group` |
 * | `source.read_mode` | `read_uncommitted` | `read_committed` \| `read_uncommitted` |
 * | `source.group_id`, `source.group_id_prefix` | none | |
 * | `sink.commit_mode` | `at_least_once` | `at_least_once` \| `exactly_once` |
 * | `sink.key_field`, `sink.timestamp_field` | none | |
 * | `client_configs` | none | `k=v,k=v` passed to the client |
 * | `value.subject`, `schema_registry.endpoint`, `.api_key`, `.api_secret` | none | |
 *
 * Common options (`connector`, `format`, `bad_data`, `event_time_field`, …) are the compiler's.
 * Each zod issue's `path[0]` is the option's name, so the compiler can point at its line:column.
 */

/** Arroyo's `bootstrapServers` pattern (profile.json). */
const BOOTSTRAP = /^(([\w.-]+:\d+),)*([\w.-]+:\d+)$/;

const str = z.string().min(1, 'must not be empty');

/** The flat fields, as a form would draw them (no cross-field rules). */
export const kafkaOptionFields = z.strictObject({
  bootstrap_servers: z
    .string()
    .regex(BOOTSTRAP, 'must be host:port, comma-separated (broker-1:9092,broker-2:9092)'),
  type: z.enum(['source', 'sink']),
  topic: str.optional(),
  topic_pattern: str.optional(),
  'auth.type': z.enum(['none', 'sasl', 'aws_msk_iam']).default('none'),
  'auth.mechanism': str.optional(),
  'auth.protocol': str.optional(),
  'auth.username': str.optional(),
  'auth.password': str.optional(),
  'auth.region': str.optional(),
  'source.offset': z.enum(['earliest', 'latest', 'group']).default('latest'),
  'source.read_mode': z.enum(['read_committed', 'read_uncommitted']).default('read_uncommitted'),
  'source.group_id': str.optional(),
  'source.group_id_prefix': str.optional(),
  'sink.commit_mode': z.enum(['at_least_once', 'exactly_once']).default('at_least_once'),
  'sink.key_field': str.optional(),
  'sink.timestamp_field': str.optional(),
  client_configs: z.string().optional(),
  'value.subject': str.optional(),
  'schema_registry.endpoint': str.optional(),
  'schema_registry.api_key': str.optional(),
  'schema_registry.api_secret': str.optional(),
});
type Fields = z.infer<typeof kafkaOptionFields>;

export type KafkaAuth =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'sasl';
      readonly mechanism: string;
      readonly protocol: string;
      readonly username: string;
      readonly password: string;
    }
  | { readonly kind: 'aws_msk_iam'; readonly region: string };

export type KafkaTable =
  | {
      readonly kind: 'source';
      readonly offset: 'earliest' | 'latest' | 'group';
      readonly readMode: 'read_committed' | 'read_uncommitted';
      readonly groupId: string | undefined;
      readonly groupIdPrefix: string | undefined;
    }
  | {
      readonly kind: 'sink';
      readonly commitMode: 'at_least_once' | 'exactly_once';
      readonly keyField: string | undefined;
      readonly timestampField: string | undefined;
    };

export interface KafkaOptions {
  readonly bootstrapServers: readonly string[];
  /** Exactly one of topic and topicPattern is set. */
  readonly topic: string | undefined;
  readonly topicPattern: string | undefined;
  readonly auth: KafkaAuth;
  readonly table: KafkaTable;
  readonly clientConfigs: Readonly<Record<string, string>>;
  readonly valueSubject: string | undefined;
  readonly schemaRegistry:
    | {
        readonly endpoint: string;
        readonly apiKey: string | undefined;
        readonly apiSecret: string | undefined;
      }
    | undefined;
}

const SOURCE_ONLY = ['source.offset', 'source.read_mode', 'source.group_id', 'source.group_id_prefix'];
const SINK_ONLY = ['sink.commit_mode', 'sink.key_field', 'sink.timestamp_field'];
const SASL = ['auth.mechanism', 'auth.protocol', 'auth.username', 'auth.password'] as const;

/** Arroyo's `string_to_map(s, '=')`: comma-separated `key=value` pairs. */
export function parseClientConfigs(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim();
    if (key === '') return undefined;
    out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

function check(
  o: Fields,
  raw: Readonly<Record<string, string>>,
  issue: (path: string, message: string) => void,
): void {
  if (o.topic === undefined && o.topic_pattern === undefined)
    issue('topic', "either 'topic' or 'topic_pattern' must be specified");
  if (o.topic !== undefined && o.topic_pattern !== undefined)
    issue('topic_pattern', "cannot specify both 'topic' and 'topic_pattern'");
  if (o.topic_pattern !== undefined && o.type === 'sink')
    issue('topic_pattern', "'topic_pattern' can only be used with source tables, not sinks");
  for (const k of o.type === 'sink' ? SOURCE_ONLY : SINK_ONLY)
    if (raw[k] !== undefined) issue(k, `${k} applies to a ${o.type === 'sink' ? 'source' : 'sink'} only`);
  if (o['auth.type'] === 'sasl')
    for (const k of SASL) if (o[k] === undefined) issue(k, `${k} is required with auth.type = 'sasl'`);
  if (o['auth.type'] === 'aws_msk_iam' && o['auth.region'] === undefined)
    issue('auth.region', "auth.region is required with auth.type = 'aws_msk_iam'");
  if (o.client_configs !== undefined && parseClientConfigs(o.client_configs) === undefined)
    issue('client_configs', 'invalid client_configs: expected comma and equals-separated pairs (k=v,k=v)');
}

function build(o: Fields): KafkaOptions {
  const auth: KafkaAuth =
    o['auth.type'] === 'sasl'
      ? {
          kind: 'sasl',
          mechanism: o['auth.mechanism']!,
          protocol: o['auth.protocol']!,
          username: o['auth.username']!,
          password: o['auth.password']!,
        }
      : o['auth.type'] === 'aws_msk_iam'
        ? { kind: 'aws_msk_iam', region: o['auth.region']! }
        : { kind: 'none' };
  const table: KafkaTable =
    o.type === 'source'
      ? {
          kind: 'source',
          offset: o['source.offset'],
          readMode: o['source.read_mode'],
          groupId: o['source.group_id'],
          groupIdPrefix: o['source.group_id_prefix'],
        }
      : {
          kind: 'sink',
          commitMode: o['sink.commit_mode'],
          keyField: o['sink.key_field'],
          timestampField: o['sink.timestamp_field'],
        };
  const endpoint = o['schema_registry.endpoint'];
  return {
    bootstrapServers: o.bootstrap_servers.split(','),
    topic: o.topic,
    topicPattern: o.topic_pattern,
    auth,
    table,
    clientConfigs: o.client_configs === undefined ? {} : (parseClientConfigs(o.client_configs) ?? {}),
    valueSubject: o['value.subject'],
    schemaRegistry:
      endpoint === undefined
        ? undefined
        : { endpoint, apiKey: o['schema_registry.api_key'], apiSecret: o['schema_registry.api_secret'] },
  };
}

/** The Kafka options of a table's WITH (…), defaults applied; issues name the option in `path[0]`. */
export const kafkaOptions = optionsSchema(kafkaOptionFields, check, build);

/**
 * `METADATA FROM` fields of a Kafka source (Arroyo's `metadata_defs`: Int64, Int32, Utf8, Int64,
 * Binary). sluice has no binary type: `key` is the key's UTF-8 text (kafka-esm-event.ts).
 */
export const KAFKA_METADATA = {
  offset_id: 'int',
  partition: 'int',
  topic: 'string',
  timestamp: 'int',
  key: 'string',
} as const;
export type KafkaMetadataField = keyof typeof KAFKA_METADATA;

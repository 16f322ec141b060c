// The options schema is the connector's own (Arroyo's names, defaults, required ones), in
// compiler/connectors/kafka-options.ts; the table-def checked the option names against the
// declaration (compiler/connectors/kafka.ts) before these builders run.

import type { AstStatement } from '../ast/statement.ts';
import {
  KAFKA_METADATA,
  type KafkaOptions,
  kafkaOptionFields,
  kafkaOptions,
} from '../connectors/kafka-options.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import { kafkaMetadataField } from '../spec/kafka-spec.ts';
import type { SinkSpec, SourceSpec } from '../spec/pipeline-spec.ts';
import type { Field } from '../spec/types.ts';
import type { Options } from './table-def.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

const KAFKA_KEYS = Object.keys(kafkaOptionFields.shape);

const UNSUPPORTED: Readonly<Record<string, string>> = {
  topic_pattern: 'an event source mapping reads named topics: list the topic in topic',
  'value.subject': 'sluice reads and writes JSON values only (format = json | debezium_json)',
  'schema_registry.endpoint': 'sluice reads and writes JSON values only (format = json | debezium_json)',
  'schema_registry.api_key': 'sluice reads and writes JSON values only',
  'schema_registry.api_secret': 'sluice reads and writes JSON values only',
};

/** The table's Kafka options, validated by the schema; an error names the option at its line:column. */
function kafkaOptionsOf(t: CreateTable, opts: Options): KafkaOptions {
  const raw: Record<string, string> = {};
  for (const o of t.options) if (KAFKA_KEYS.includes(o.key)) raw[o.key] = String(o.value);
  const res = kafkaOptions.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw sqlError(
      'SQL_INVALID_OPTION',
      opts.get(key)?.pos ?? t.pos,
      `kafka table ${t.name}: ${key === '' ? '' : `option ${key}: `}${issue.message}`,
      `see the kafka options in docs/connectors/kafka.md`,
    );
  }
  for (const [key, why] of Object.entries(UNSUPPORTED)) {
    const o = opts.get(key);
    if (o !== undefined)
      throw sqlError('SQL_UNSUPPORTED', o.pos, `kafka option ${key} is not supported by sluice`, why);
  }
  return res.data;
}

const connection = (k: KafkaOptions) => ({
  bootstrapServers: [...k.bootstrapServers],
  topic: k.topic ?? '',
  auth: k.auth,
  clientConfigs: { ...k.clientConfigs },
});

/** The `METADATA FROM` columns of a Kafka source, each checked against the field's type. */
function metadataColumns(t: CreateTable, schema: readonly Field[]) {
  const out: { column: string; field: (typeof kafkaMetadataField.options)[number] }[] = [];
  for (const c of t.columns) {
    if (c.metadata === undefined) continue;
    const field = kafkaMetadataField.safeParse(c.metadata.key);
    if (!field.success)
      throw sqlError(
        'SQL_INVALID',
        c.metadata.pos,
        `METADATA FROM '${c.metadata.key}' is not a Kafka metadata field`,
        `use one of ${kafkaMetadataField.options.map((f) => `'${f}'`).join(', ')}`,
      );
    const want = KAFKA_METADATA[field.data];
    const type = schema.find((f) => f.name === c.name)?.type;
    if (type !== want)
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        c.pos,
        `column ${c.name} METADATA FROM '${field.data}' must be ${want === 'int' ? 'BIGINT' : 'TEXT'}`,
        `declare ${c.name} ${want === 'int' ? 'BIGINT' : 'TEXT'} METADATA FROM '${field.data}'`,
      );
    out.push({ column: c.name, field: field.data });
  }
  return out;
}

type Common = Omit<
  Extract<SourceSpec, { kind: 'kafka' }>,
  | keyof ReturnType<typeof connection>
  | 'kind'
  | 'offset'
  | 'readMode'
  | 'groupId'
  | 'groupIdPrefix'
  | 'metadata'
>;

export function kafkaSource(t: CreateTable, opts: Options, common: Common): SourceSpec {
  const k = kafkaOptionsOf(t, opts);
  if (k.table.kind !== 'source') throw new Error('kafkaSource of a sink table');
  return {
    kind: 'kafka',
    ...connection(k),
    offset: k.table.offset,
    readMode: k.table.readMode,
    groupId: k.table.groupId ?? null,
    groupIdPrefix: k.table.groupIdPrefix ?? null,
    metadata: metadataColumns(t, common.schema),
    ...common,
  };
}

export function kafkaSink(t: CreateTable, opts: Options, format: 'json' | 'debezium_json'): SinkSpec {
  const k = kafkaOptionsOf(t, opts);
  if (k.table.kind !== 'sink') throw new Error('kafkaSink of a source table');
  if (k.table.commitMode === 'exactly_once')
    throw sqlError(
      'SQL_UNSUPPORTED',
      opts.get('sink.commit_mode')?.pos ?? t.pos,
      "sink.commit_mode = 'exactly_once' is not supported: a Kafka transaction cannot be committed atomically with sluice's DynamoDB checkpoint, so a crash between the two could lose or repeat an epoch (docs/exactly-once.md)",
      "use sink.commit_mode = 'at_least_once' (the default): each message carries its row id in the sluice-row-id header and as its key, so consumers can dedupe",
    );
  return {
    kind: 'kafka',
    table: t.name,
    ...connection(k),
    keyField: k.table.keyField ?? null,
    timestampField: k.table.timestampField ?? null,
    format,
  };
}

/** A non-Kafka table with a `METADATA FROM` column: refused at the clause. */
export function refuseMetadata(t: CreateTable, connector: string): void {
  const c = t.columns.find((x) => x.metadata !== undefined);
  if (c?.metadata === undefined) return;
  const pos: Pos = c.metadata.pos;
  throw sqlError(
    'SQL_UNSUPPORTED',
    pos,
    `METADATA FROM '${c.metadata.key}' is not supported for connector ${connector}: only kafka sources have metadata fields`,
    'remove METADATA FROM and carry the value as a field of the record, or compute it with GENERATED ALWAYS AS (expr)',
  );
}

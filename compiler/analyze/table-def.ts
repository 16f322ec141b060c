import type { AstOption, AstStatement } from '../ast/statement.ts';
import { FIXED_TABLES, TABLE_BUILDERS } from '../connectors/tables.ts';
import { suggestion } from '../errors/did-you-mean.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { EventTime, SinkSpec, SourceSpec } from '../spec/pipeline-spec.ts';
import type { Field } from '../spec/types.ts';
import { buildContext, checkOptions, connectorOf } from './connector-options.ts';
import { refuseMetadata } from './kafka-table.ts';
import { maxFutureMs } from './max-future.ts';
import { virtualColumns } from './virtual-columns.ts';

export type TableDef =
  | { readonly role: 'source'; readonly name: string; readonly pos: Pos; readonly source: SourceSpec }
  | {
      readonly role: 'sink';
      readonly name: string;
      readonly pos: Pos;
      readonly columns: readonly Field[];
      readonly sink: SinkSpec;
    };

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

const WATERMARK_HINT =
  "add WATERMARK FOR <ts col> AS <ts col> - INTERVAL '5' SECOND to the column list, or event_time_field = '<ts col>'";

export class Options {
  private readonly byKey = new Map<string, AstOption>();
  constructor(
    options: readonly AstOption[],
    private readonly table: CreateTable,
  ) {
    for (const o of options) {
      if (this.byKey.has(o.key))
        throw sqlError('SQL_INVALID_OPTION', o.pos, `option ${o.key} is given twice`, 'keep one');
      this.byKey.set(o.key, o);
    }
  }
  get(key: string): AstOption | undefined {
    return this.byKey.get(key);
  }
  string(key: string, fallback?: string): string {
    const o = this.byKey.get(key);
    if (o === undefined) {
      if (fallback !== undefined) return fallback;
      throw sqlError(
        'SQL_INVALID_OPTION',
        this.table.pos,
        `table ${this.table.name} is missing the option ${key}`,
        `add ${key} = '…' to WITH (…)`,
      );
    }
    if (typeof o.value !== 'string')
      throw sqlError(
        'SQL_INVALID_OPTION',
        o.pos,
        `option ${key} must be a quoted string`,
        `write ${key} = '${o.value}'`,
      );
    return o.value;
  }
  oneOf<T extends string>(key: string, values: readonly T[], fallback?: T): T {
    const v = this.string(key, fallback);
    if (!(values as readonly string[]).includes(v)) {
      const o = this.byKey.get(key);
      throw sqlError(
        'SQL_INVALID_OPTION',
        o?.pos ?? this.table.pos,
        `invalid ${key} '${v}'`,
        `${key} must be one of ${values.map((x) => `'${x}'`).join(', ')}`,
      );
    }
    return v as T;
  }
  rejectUnknown(allowed: readonly string[], context: string): void {
    for (const o of this.byKey.values())
      if (!allowed.includes(o.key))
        throw sqlError(
          'SQL_INVALID_OPTION',
          o.pos,
          `unknown option ${o.key} for ${context}`,
          suggestion(o.key, allowed, 'option'),
        );
  }
}

export function tableDef(t: CreateTable, baseDir: string | undefined): TableDef {
  const opts = new Options(t.options, t);
  const module = connectorOf(opts);
  const roles = (['source', 'sink'] as const).filter((r) => module[r] !== undefined);
  const role = opts.oneOf('type', roles, roles.length === 1 ? roles[0] : undefined);
  const declared = module[role];
  if (declared === undefined) throw new Error(`connector ${module.name} has no ${role}`);
  if (!module.fixedSchema && (module.source?.metadata.length ?? 0) === 0) refuseMetadata(t, module.name);
  checkOptions(
    t,
    opts,
    declared.options,
    `${/^[aeiou]/.test(module.name) ? 'an' : 'a'} ${module.name} ${role}`,
  );
  if (module.fixedSchema) {
    const table = FIXED_TABLES[module.name];
    if (!table) throw new Error(`connector ${module.name} registers no table builder`);
    return table(t, opts);
  }
  const own = TABLE_BUILDERS[module.name];
  const format = opts.oneOf('format', ['json', 'debezium_json'] as const, 'json');
  const schema: Field[] = t.columns.map((c) => ({
    name: c.name,
    type: c.type,
    nullable: c.notNull !== true,
    ...(c.unsigned ? { unsigned: c.unsigned } : {}),
    ...(c.json === true && c.generated == null ? { json: true as const } : {}),
  }));
  const seen = new Set<string>();
  for (const c of t.columns) {
    if (seen.has(c.name))
      throw sqlError('SQL_INVALID', c.pos, `column ${c.name} is declared twice`, 'rename one');
    seen.add(c.name);
  }
  const ctx = buildContext(t, opts, declared.options, baseDir);
  if (role === 'sink') {
    const generated = t.columns.find((c) => c.generated);
    if (generated)
      throw sqlError(
        'SQL_INVALID',
        generated.pos,
        `sink column ${generated.name} cannot be GENERATED ALWAYS AS (…)`,
        'compute it in the INSERT query instead',
      );
    if (t.watermark)
      throw sqlError(
        'SQL_INVALID',
        t.watermark.pos,
        'a sink table has no WATERMARK',
        'declare watermarks on source tables',
      );
    const build = module.sink?.build;
    const sink: SinkSpec | undefined = own
      ? own.sink(t, opts, format)
      : build?.(ctx, { table: t.name, format });
    if (!sink) throw new Error(`connector ${module.name} builds no sink`);
    return { role, name: t.name, pos: t.pos, columns: schema, sink };
  }
  if (schema.length === 0)
    throw sqlError(
      'SQL_INVALID',
      t.pos,
      `source table ${t.name} needs a column list`,
      `declare the JSON fields: CREATE TABLE ${t.name} (id BIGINT, ts TIMESTAMP, …) WITH (…)`,
    );
  const et = eventTime(t, opts, schema);
  const virtual = virtualColumns(t, schema, format);
  const common = {
    table: t.name,
    format,
    badData: opts.oneOf('bad_data', ['fail', 'drop'], 'fail'),
    schema,
    eventTime: et,
    ...(virtual.length > 0 ? { virtual } : {}),
    idleMs: idleMs(opts),
    maxFutureMs: maxFutureMs(opts, et),
  };
  const build = module.source?.build;
  const source: SourceSpec | undefined = own ? own.source(t, opts, common) : build?.(ctx, common);
  if (!source) throw new Error(`connector ${module.name} builds no source`);
  return { role, name: t.name, pos: t.pos, source };
}

function eventTime(t: CreateTable, opts: Options, schema: readonly Field[]): EventTime | null {
  const fieldOpt = opts.get('event_time_field');
  const check = (name: string, pos: Pos): string => {
    const f = schema.find((c) => c.name === name);
    if (f === undefined)
      throw sqlError(
        'SQL_UNKNOWN_COLUMN',
        pos,
        `event time column ${name} is not a column of ${t.name}`,
        suggestion(
          name,
          schema.map((c) => c.name),
          'column',
        ),
      );
    if (f.type !== 'timestamp')
      throw sqlError(
        'SQL_TYPE_MISMATCH',
        pos,
        `event time column ${name} is ${f.type}, not TIMESTAMP`,
        `declare it as ${name} TIMESTAMP`,
      );
    return f.name;
  };
  if (t.watermark) {
    const field = check(t.watermark.column, t.watermark.pos);
    if (fieldOpt && fieldOpt.value !== field)
      throw sqlError(
        'SQL_INVALID_OPTION',
        fieldOpt.pos,
        `event_time_field '${fieldOpt.value}' differs from the WATERMARK column ${field}`,
        'drop event_time_field; the WATERMARK sets the event time',
      );
    return { field, delayMs: t.watermark.delayMs };
  }
  if (fieldOpt) return { field: check(opts.string('event_time_field'), fieldOpt.pos), delayMs: 0 };
  return null;
}

/** `idle_micros` (Arroyo's option): microseconds without records before the clock calls a shard idle (I6). */
function idleMs(opts: Options): number | null {
  const o = opts.get('idle_micros');
  if (o === undefined) return null;
  const n =
    typeof o.value === 'number' ? o.value : typeof o.value === 'string' ? Number(o.value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1000)
    throw sqlError(
      'SQL_INVALID_OPTION',
      o.pos,
      `idle_micros must be a whole number of microseconds, at least 1000 (got ${String(o.value)})`,
      "write e.g. idle_micros = '60000000' for one minute",
    );
  return Math.round(n / 1000);
}

export const EVENT_TIME_HINT = WATERMARK_HINT;

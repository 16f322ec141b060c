import { impulseTable } from '../analyze/impulse-table.ts';
import { kafkaSink, kafkaSource } from '../analyze/kafka-table.ts';
import { nexmarkTable } from '../analyze/nexmark-table.ts';
import type { Options, TableDef } from '../analyze/table-def.ts';
import type { AstStatement } from '../ast/statement.ts';
import type { SinkSpec, SourceSpec } from '../spec/pipeline-spec.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

/**
 * The table builders of the fixed-schema sources (declarations with `fixedSchema`), by connector
 * name. Only the compiler imports this file (not the door), so bundles that read the declarations
 * carry none of the compiler's analysis code.
 */
export const FIXED_TABLES: Readonly<Record<string, (t: CreateTable, opts: Options) => TableDef>> = {
  nexmark: nexmarkTable,
  impulse: impulseTable,
};

/** A connector that builds its source and sink specs from the whole table (its options' own rules, `METADATA FROM`). */
interface TableBuilder {
  source(t: CreateTable, opts: Options, common: Parameters<typeof kafkaSource>[2]): SourceSpec;
  sink(t: CreateTable, opts: Options, format: 'json' | 'debezium_json'): SinkSpec;
}

/** The table builders of connectors whose declaration has no `build` of its own, by connector name. */
export const TABLE_BUILDERS: Readonly<Record<string, TableBuilder>> = {
  kafka: { source: kafkaSource, sink: kafkaSink },
};

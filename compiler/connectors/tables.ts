import { impulseTable } from '../analyze/impulse-table.ts';
import { nexmarkTable } from '../analyze/nexmark-table.ts';
import type { Options, TableDef } from '../analyze/table-def.ts';
import type { AstStatement } from '../ast/statement.ts';

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

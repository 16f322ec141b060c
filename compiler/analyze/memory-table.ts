import type { AstStatement } from '../ast/statement.ts';
import { type Pos, sqlError } from '../errors/sql-error.ts';
import type { Field } from '../spec/types.ts';

type CreateTable = Extract<AstStatement, { kind: 'create_table' }>;

/**
 * Arroyo's memory table: `CREATE TABLE t (…)` without a connector. It holds no data of its own: one
 * `INSERT INTO t SELECT …` defines its rows, and queries after that INSERT read them, as they would
 * read a view (the rows flow on an internal edge of the one pipeline).
 */
export interface MemoryTable {
  readonly name: string;
  readonly pos: Pos;
  readonly columns: readonly Field[];
  /** Whether some INSERT of the file writes it (decides the error for an early read). */
  readonly written: boolean;
}

/** A table without a `connector` option is a memory table. */
export function isMemoryTable(t: CreateTable): boolean {
  return !t.options.some((o) => o.key.toLowerCase() === 'connector');
}

/** The memory table that `t` declares; refuses what a memory table cannot have. */
export function memoryTable(t: CreateTable, written: boolean): MemoryTable {
  const [option] = t.options;
  if (option !== undefined)
    throw sqlError(
      'SQL_INVALID_OPTION',
      option.pos,
      `table ${t.name} has no connector, so it is a memory table, which takes no option ${option.key}`,
      `add connector = '…' to WITH (…) for a source or sink, or drop the WITH options of a memory table`,
    );
  if (t.watermark !== null)
    throw sqlError(
      'SQL_INVALID',
      t.watermark.pos,
      `memory table ${t.name} cannot declare a WATERMARK: its rows keep the event time of the query that writes it`,
      'declare the WATERMARK on the source table the INSERT INTO it reads',
    );
  const seen = new Set<string>();
  const columns = t.columns.map((c): Field => {
    if (seen.has(c.name.toLowerCase()))
      throw sqlError('SQL_INVALID', c.pos, `column ${c.name} is declared twice`, 'rename one');
    seen.add(c.name.toLowerCase());
    if (c.generated !== undefined && c.generated !== null)
      throw sqlError(
        'SQL_UNSUPPORTED',
        c.pos,
        `memory table ${t.name} cannot have the generated column ${c.name}`,
        'compute it in the SELECT of the INSERT INTO the memory table',
      );
    return { name: c.name, type: c.type, nullable: c.notNull !== true };
  });
  return { name: t.name, pos: t.pos, columns, written };
}

/** A query reads memory table `m` before (or without) the INSERT that writes it. */
export function unwrittenMemoryTable(m: MemoryTable, pos: Pos): never {
  throw sqlError(
    'SQL_INVALID',
    pos,
    m.written
      ? `memory table ${m.name} is read before the INSERT INTO ${m.name} that writes it`
      : `memory table ${m.name} is read but never written`,
    m.written
      ? `move INSERT INTO ${m.name} SELECT … above this query`
      : `add INSERT INTO ${m.name} SELECT … before the queries that read it, or give ${m.name} a connector`,
  );
}

/** A second INSERT INTO the same memory table (Arroyo: "Can only insert into a memory table once"). */
export function memoryWrittenTwice(m: MemoryTable, pos: Pos, first: Pos): never {
  throw sqlError(
    'SQL_INVALID',
    pos,
    `can only insert into a memory table once: ${m.name} is already written by the INSERT at line ${first.line}`,
    `combine the queries into one INSERT INTO ${m.name} SELECT … UNION ALL SELECT …`,
  );
}

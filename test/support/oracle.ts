import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from './normalize.ts';

/** A row of the Debezium changes input (order_date: epoch nanoseconds). */
const ORDER_ROW =
  'STRUCT(id INTEGER, customer VARCHAR, product VARCHAR, quantity INTEGER, price DOUBLE, order_date BIGINT)';

/** Input tables of the golden tests, with the column types DuckDB reads them as. */
export const INPUT_TABLES: Record<string, { file: string; columns: Record<string, string> }> = {
  orders: {
    file: 'inputs/orders.jsonl',
    columns: {
      order_id: 'BIGINT',
      customer: 'VARCHAR',
      region: 'VARCHAR',
      amount: 'DOUBLE',
      status: 'VARCHAR',
      ts: 'TIMESTAMP',
    },
  },
  /** scripts/gen-nexmark.ts output (Arroyo's struct shape), as the nexmark_* queries' tables generate it. */
  nexmark: {
    file: 'inputs/nexmark.jsonl',
    columns: {
      person:
        'STRUCT(id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR, state VARCHAR, datetime TIMESTAMP, extra VARCHAR)',
      auction:
        'STRUCT(id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT, datetime TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra VARCHAR)',
      bid: 'STRUCT(auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, datetime TIMESTAMP, extra VARCHAR)',
    },
  },
  /** Debezium changes (scripts/gen-changes.ts): c/r/u/d of orders by id, `source.lsn` in order. */
  changes: {
    file: 'inputs/changes.jsonl',
    columns: {
      before: ORDER_ROW,
      after: ORDER_ROW,
      op: 'VARCHAR',
      source: 'STRUCT(lsn BIGINT)',
    },
  },
  /** SQL-breadth input (scripts/gen-events.ts): distinct event times, a tags array, JSON text. */
  events: {
    file: 'inputs/events.jsonl',
    columns: {
      id: 'BIGINT',
      uid: 'VARCHAR',
      kind: 'VARCHAR',
      amount: 'BIGINT',
      score: 'DOUBLE',
      flag: 'BOOLEAN',
      tags: 'VARCHAR[]',
      payload: 'VARCHAR',
      ts: 'TIMESTAMP',
    },
  },
};

/**
 * Runs a hand-written DuckDB query (`NAME.oracle.sql`) over the same JSON-lines input the sluice
 * pipeline reads. `{{table}}` placeholders become `read_json(…)` with explicit column types.
 */
export async function runOracle(oracleFile: string, queriesDir: string): Promise<Row[]> {
  let sql = await readFile(oracleFile, 'utf8');
  sql = sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const table = INPUT_TABLES[name];
    if (!table) throw new Error(`${oracleFile}: unknown input table {{${name}}}`);
    const cols = Object.entries(table.columns)
      .map(([k, t]) => `${k}: '${t}'`)
      .join(', ');
    return `read_json('${resolve(queriesDir, table.file)}', format = 'newline_delimited', columns = {${cols}})`;
  });
  return duckdbRows(sql);
}

/** Rows of one DuckDB query over an in-memory database (inline oracles of integration tests). */
export async function duckdbRows(sql: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjects() as Row[];
  } finally {
    conn.closeSync();
  }
}

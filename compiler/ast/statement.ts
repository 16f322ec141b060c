import type { Pos } from '../errors/sql-error.ts';
import type { AstExpr, AstType } from './expr.ts';

export interface AstSelectItemExpr {
  readonly kind: 'expr';
  readonly expr: AstExpr;
  readonly alias: string | null;
  readonly pos: Pos;
}
/** `*` or `t.*`. */
export interface AstSelectItemWildcard {
  readonly kind: 'wildcard';
  readonly qualifier: string | null;
  readonly pos: Pos;
}
export type AstSelectItem = AstSelectItemExpr | AstSelectItemWildcard;

export type AstFrom =
  | { readonly kind: 'table'; readonly name: string; readonly alias: string | null; readonly pos: Pos }
  | { readonly kind: 'subquery'; readonly query: AstQuery; readonly alias: string | null; readonly pos: Pos }
  | AstJoin;

export type AstJoinType = 'inner' | 'left' | 'right' | 'full';

/** `left [INNER | LEFT | RIGHT | FULL] JOIN right ON cond`. */
export interface AstJoin {
  readonly kind: 'join';
  readonly type: AstJoinType;
  readonly left: AstFrom;
  readonly right: AstFrom;
  readonly on: AstExpr;
  readonly pos: Pos;
}

export interface AstGroupByItem {
  readonly expr: AstExpr;
  /** The non-standard `GROUP BY tumble(…) AS window` alias, recovered by the pre-pass. */
  readonly alias: string | null;
}

export interface AstQuery {
  readonly items: readonly AstSelectItem[];
  readonly from: AstFrom;
  readonly where: AstExpr | null;
  readonly groupBy: readonly AstGroupByItem[];
  /** HAVING, over the aggregated rows. */
  readonly having?: AstExpr | null;
  /** `this UNION ALL q1 UNION ALL q2 …`: the further branches, in order. */
  readonly unionAll?: readonly AstQuery[];
  readonly pos: Pos;
}

/** Width of an unsigned integer column (`TINYINT|SMALLINT|INT|BIGINT UNSIGNED`). */
export type UnsignedBits = 8 | 16 | 32 | 64;

export interface AstColumnDef {
  readonly name: string;
  readonly type: AstType;
  readonly pos: Pos;
  /** `NOT NULL` (or PRIMARY KEY): a source row with NULL or no value here is a decode error. */
  readonly notNull?: boolean;
  /** `PRIMARY KEY`, as a column option or a table constraint. */
  readonly primaryKey?: boolean;
  /** An unsigned integer type: values outside 0 … 2^bits − 1 are decode errors. */
  readonly unsigned?: UnsignedBits | null;
  /** `GENERATED ALWAYS AS (expr) [STORED]`: a virtual column computed from the record's others. */
  readonly generated?: AstExpr | null;
  /** Declared `JSON`: any JSON value, held as its JSON text (type TEXT). */
  readonly json?: boolean;
  /** `METADATA FROM 'key'`: filled by the connector (a Kafka source's offset, partition, …). */
  readonly metadata?: { readonly key: string; readonly pos: Pos };
}

export interface AstOption {
  readonly key: string;
  readonly value: string | number | boolean;
  readonly pos: Pos;
}

/** `WATERMARK FOR col [AS col - INTERVAL …]`, stripped from the text by the pre-pass. */
export interface AstWatermark {
  readonly column: string;
  readonly delayMs: number;
  readonly pos: Pos;
}

export type AstStatement =
  | {
      readonly kind: 'create_table';
      readonly name: string;
      readonly columns: readonly AstColumnDef[];
      readonly watermark: AstWatermark | null;
      readonly options: readonly AstOption[];
      readonly pos: Pos;
    }
  | { readonly kind: 'create_view'; readonly name: string; readonly query: AstQuery; readonly pos: Pos }
  | { readonly kind: 'insert'; readonly table: string; readonly query: AstQuery; readonly pos: Pos }
  | { readonly kind: 'select'; readonly query: AstQuery; readonly pos: Pos }
  /** `SET name = value` (e.g. `SET updating_ttl = INTERVAL '1 hour'`). */
  | { readonly kind: 'set'; readonly name: string; readonly value: AstExpr; readonly pos: Pos };

import type { AstStatement } from '../ast/statement.ts';
import { convertStatement } from './convert-statement.ts';
import { prePass } from './pre-pass.ts';
import { parseRaw } from './sqlparser.ts';

/** SQL text → sluice's typed AST. Positions refer to the original text. */
export function parseSql(sql: string): readonly AstStatement[] {
  const pre = prePass(sql);
  const raw = parseRaw(pre.sql);
  return raw.map((r) => convertStatement(r, pre));
}

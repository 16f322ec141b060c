import { type Pos, sqlError } from '../errors/sql-error.ts';
import { INTERVAL_UNITS_HINT, parseInterval } from './interval.ts';
import { isPunct, isWord, lex, type Token } from './lexer.ts';

/** A `WATERMARK FOR …` clause removed from a CREATE TABLE column list. */
export interface StrippedWatermark {
  /** The table whose column list held it (as written, unquoted). */
  readonly table: string;
  readonly column: string;
  readonly delayMs: number;
  readonly pos: Pos;
}

/** A `METADATA FROM 'key'` column option removed from a CREATE TABLE column list. */
export interface StrippedMetadata {
  readonly table: string;
  /** The key, unquoted (`offset_id`, `partition`, …). */
  readonly key: string;
  readonly pos: Pos;
}

export interface PrePassResult {
  /** The SQL with the clauses blanked out by spaces, so every other position is unchanged. */
  readonly sql: string;
  readonly watermarks: readonly StrippedWatermark[];
  /** `GROUP BY expr AS alias` aliases, keyed by `line:column` of the item's first token. */
  readonly groupByAliases: ReadonlyMap<string, string>;
  /** `METADATA FROM` clauses, in text order; convert-statement gives each to the column before it. */
  readonly metadata: readonly StrippedMetadata[];
}

export const posKey = (p: Pos): string => `${p.line}:${p.column}`;

const GROUP_BY_END = new Set([
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'WINDOW',
  'QUALIFY',
  'EXCEPT',
  'INTERSECT',
]);
const WATERMARK_HINT = "write WATERMARK FOR ts AS ts - INTERVAL '5' SECOND (or just WATERMARK FOR ts)";

/**
 * Removes the syntax no SQL parser accepts: `WATERMARK FOR col [AS col - INTERVAL …]` in a CREATE
 * TABLE column list, and `AS alias` after a GROUP BY item (Arroyo's `GROUP BY tumble(…) AS window`).
 */
export function prePass(sql: string): PrePassResult {
  const tokens = lex(sql);
  // Token offsets are UTF-16 offsets, so blank by code unit.
  const units = sql.split('');
  const blankUnits = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (units[k] !== '\n' && units[k] !== '\r') units[k] = ' ';
  };
  const watermarks: StrippedWatermark[] = [];
  const groupByAliases = new Map<string, string>();
  const metadata: StrippedMetadata[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    if (isWord(t, 'WATERMARK') && isWord(tokens[i + 1], 'FOR')) {
      const end = clauseEnd(tokens, i);
      const wm = parseWatermark(tokens.slice(i, end), t.pos, tableBefore(tokens, i));
      watermarks.push(wm);
      const last = tokens[end - 1] ?? t;
      if (isPunct(tokens[i - 1], ',')) blankUnits(tokens[i - 1]?.start ?? t.start, last.end);
      else if (isPunct(tokens[end], ',')) blankUnits(t.start, tokens[end]?.end ?? last.end);
      else blankUnits(t.start, last.end);
      i = end - 1;
    } else if (isWord(t, 'METADATA') && isWord(tokens[i + 1], 'FROM') && tokens[i + 2]?.kind === 'string') {
      const key = tokens[i + 2] as Token;
      metadata.push({ table: tableBefore(tokens, i), key: key.value, pos: t.pos });
      blankUnits(t.start, key.end);
      i += 2;
    } else if (isWord(t, 'GROUP') && isWord(tokens[i + 1], 'BY')) {
      let depth = 0;
      let itemStart = tokens[i + 2];
      for (let j = i + 2; j < tokens.length; j++) {
        const u = tokens[j] as Token;
        if (isPunct(u, '(')) depth++;
        else if (isPunct(u, ')')) {
          if (--depth < 0) break;
        } else if (
          depth === 0 &&
          (isPunct(u, ';') || (u.kind === 'word' && GROUP_BY_END.has(u.text.toUpperCase())))
        )
          break;
        else if (depth === 0 && isPunct(u, ',')) itemStart = tokens[j + 1];
        else if (depth === 0 && isWord(u, 'AS')) {
          const alias = tokens[j + 1];
          if (
            alias === undefined ||
            (alias.kind !== 'word' && alias.kind !== 'quoted') ||
            itemStart === undefined
          )
            throw sqlError('SQL_SYNTAX', u.pos, 'expected an alias after AS in GROUP BY');
          groupByAliases.set(posKey(itemStart.pos), alias.value);
          blankUnits(u.start, alias.end);
          j++;
        }
      }
    }
  }
  return { sql: units.join(''), watermarks, groupByAliases, metadata };
}

/** Index just past the clause: the next `,` or `)` at the clause's own depth. */
function clauseEnd(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let j = from; j < tokens.length; j++) {
    const u = tokens[j];
    if (isPunct(u, '(')) depth++;
    else if (isPunct(u, ')')) {
      if (depth === 0) return j;
      depth--;
    } else if (depth === 0 && (isPunct(u, ',') || isPunct(u, ';'))) return j;
  }
  return tokens.length;
}

/** The name after the nearest preceding `CREATE … TABLE`. */
function tableBefore(tokens: readonly Token[], i: number): string {
  for (let j = i - 1; j >= 0; j--) {
    if (isWord(tokens[j], 'TABLE')) return tokens[j + 1]?.value ?? '';
  }
  return '';
}

function parseWatermark(clause: readonly Token[], pos: Pos, table: string): StrippedWatermark {
  const col = clause[2];
  if (col === undefined || (col.kind !== 'word' && col.kind !== 'quoted'))
    throw sqlError(
      'SQL_SYNTAX',
      clause[1]?.pos ?? pos,
      'expected a column name after WATERMARK FOR',
      WATERMARK_HINT,
    );
  const base = { table, column: col.value, pos };
  if (clause.length === 3) return { ...base, delayMs: 0 };
  const rest = unparenthesize(clause.slice(3));
  const [as, ref, minus, kw, str, unit, ...extra] = rest;
  if (!isWord(as, 'AS') || ref === undefined)
    throw sqlError(
      'SQL_SYNTAX',
      rest[0]?.pos ?? pos,
      'expected AS after the watermark column',
      WATERMARK_HINT,
    );
  if (ref.value !== col.value)
    throw sqlError(
      'SQL_UNSUPPORTED',
      ref.pos,
      `a watermark expression must be based on its own column ${col.value}`,
      WATERMARK_HINT,
    );
  if (minus === undefined) return { ...base, delayMs: 0 };
  if (!isPunct(minus, '-') || !isWord(kw, 'INTERVAL') || str?.kind !== 'string' || extra.length > 0)
    throw sqlError(
      'SQL_UNSUPPORTED',
      minus.pos,
      'only `col - INTERVAL …` watermark expressions are supported yet',
      WATERMARK_HINT,
    );
  if (unit !== undefined && unit.kind !== 'word')
    throw sqlError(
      'SQL_SYNTAX',
      unit.pos,
      `unexpected ${unit.text} in the watermark interval`,
      WATERMARK_HINT,
    );
  const parsed = parseInterval(str.value, unit?.text ?? null);
  if ('error' in parsed) throw sqlError('SQL_SYNTAX', str.pos, parsed.error, INTERVAL_UNITS_HINT);
  return { ...base, delayMs: parsed.ms };
}

/** `AS (expr)` → `AS expr`: Arroyo's examples wrap the watermark expression in parentheses. */
function unparenthesize(rest: readonly Token[]): readonly Token[] {
  const [as, open] = rest;
  if (!isPunct(open, '(') || !isPunct(rest[rest.length - 1], ')')) return rest;
  const inner = rest.slice(2, -1);
  let depth = 0;
  for (const t of inner) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')') && --depth < 0) return rest; // `(a) - (b)`: not one outer pair
  }
  return as === undefined ? rest : [as, ...unparenthesize([as, ...inner]).slice(1)];
}

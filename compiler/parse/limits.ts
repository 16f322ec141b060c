import { type Pos, sqlError } from '../errors/sql-error.ts';
import { isPunct, lex, type Token } from './lexer.ts';

/**
 * Sizes the SQL parser (datafusion-sqlparser-rs in WebAssembly) is known to survive, with a wide
 * margin. Measured on sqlparser-ts 0.62: a chain of about 725 binary operators (`a + a + …`,
 * `x AND y AND …`) overflows the module's stack (a trap that used to break the parser for the
 * life of the process); 47 nested parentheses or about 25 nested subqueries hit its recursion
 * limit, an error with no position; each nested CAST/POSITION/SUBSTRING/… that holds an error
 * doubles (POSITION: triples) the parse time, 12 levels take seconds. See docs/sql-parser.md.
 */
export const SQL_LIMITS = {
  /** Characters of SQL in one compile (1 MB parses in several seconds). */
  maxChars: 1_000_000,
  /** Nesting levels: brackets, CASE, runs of prefix `-`/`+`/NOT; a subquery counts two. */
  maxNesting: 32,
  /** Nested special forms: CAST, TRY_CAST, POSITION, SUBSTRING, CEIL, FLOOR, CONVERT, OVERLAY, ARRAY[…]. */
  maxSpecialNesting: 8,
  /** Operators in one expression, counted along its nesting (`a + b * (c - d)` is 3). */
  maxOperators: 500,
  /** UNION / EXCEPT / INTERSECT in one query. */
  maxSetOperations: 500,
} as const;

const SPECIAL_FORMS = new Set([
  'CAST',
  'TRY_CAST',
  'SAFE_CAST',
  'POSITION',
  'SUBSTRING',
  'SUBSTR',
  'CEIL',
  'CEILING',
  'FLOOR',
  'CONVERT',
  'TRY_CONVERT',
  'OVERLAY',
  'ARRAY',
  'EXTRACT',
  'TRIM',
]);
const OPERATOR_WORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IS',
  'LIKE',
  'ILIKE',
  'IN',
  'BETWEEN',
  'SIMILAR',
  'REGEXP',
  'RLIKE',
  'XOR',
  'DIV',
  'MOD',
]);
const OPERATOR_CHARS = new Set(['+', '-', '*', '/', '%', '|', '&', '^', '<', '>', '=', '!', '~', '#', '@']);
const SET_OPERATIONS = new Set(['UNION', 'EXCEPT', 'INTERSECT', 'MINUS']);
/** Words that end one expression and start the next (siblings in the tree, not a deeper level). */
const SEGMENT_WORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'ON',
  'USING',
  'JOIN',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'WITH',
  'AS',
  'QUALIFY',
  'WINDOW',
  'PARTITION',
  'VALUES',
]);
const SUBQUERY_STARTS = new Set(['SELECT', 'WITH', 'VALUES']);
const SPLIT_HINT = 'split it: compute parts in a view (CREATE VIEW … AS SELECT …) or in separate columns';

interface Frame {
  readonly special: number;
  /** Nesting levels this frame adds (2 for a subquery). */
  readonly levels: number;
  readonly caseDepth: number;
  segOps: number;
  childMax: number;
  best: number;
  setOps: number;
}

export interface LimitScan {
  /** Where the SQL nests deepest: the position for the parser's position-less recursion error. */
  readonly deepest: Pos | null;
  /** The first token of each statement (as the parser splits them at top-level `;`). */
  readonly statementStarts: readonly Pos[];
  /** Each token's [start, end) UTF-16 offsets: the cut points for locating a parser error. */
  readonly tokenSpans: readonly (readonly [number, number])[];
}

const newFrame = (special: number, levels: number, caseDepth: number): Frame => ({
  special,
  levels,
  caseDepth,
  segOps: 0,
  childMax: 0,
  best: 0,
  setOps: 0,
});

/**
 * Refuses SQL beyond `SQL_LIMITS`, and numeric literals no sluice type holds, at the line:column
 * where the limit is crossed, before the text reaches the parser. One linear token scan.
 */
export function checkLimits(sql: string): LimitScan {
  if (sql.length > SQL_LIMITS.maxChars)
    throw sqlError(
      'SQL_INVALID',
      posAt(sql, SQL_LIMITS.maxChars),
      `the SQL is longer than ${SQL_LIMITS.maxChars.toLocaleString('en-US')} characters (${sql.length.toLocaleString('en-US')})`,
      'split it into several pipelines, or move long lists of values into a source table',
    );
  const tokens = lex(sql);
  const stack: Frame[] = [newFrame(0, 0, 0)];
  let levels = 0;
  let caseDepth = 0;
  let prefixRun = 0;
  let deepest: { level: number; pos: Pos } | null = null;
  let prev: Token | undefined;
  const statementStarts: Pos[] = [];
  let statementStart = true;
  const nestingAt = (t: Token): void => {
    const level = levels + caseDepth + prefixRun;
    if (deepest === null || level > deepest.level) deepest = { level, pos: t.pos };
    if (level > SQL_LIMITS.maxNesting)
      throw sqlError(
        'SQL_INVALID',
        t.pos,
        `the SQL nests more than ${SQL_LIMITS.maxNesting} levels deep here (parentheses, calls, CASE, subqueries)`,
        `flatten it or ${SPLIT_HINT}`,
      );
  };
  const operatorsAt = (f: Frame, t: Token): void => {
    if (f.segOps + f.childMax > SQL_LIMITS.maxOperators)
      throw sqlError(
        'SQL_INVALID',
        t.pos,
        `the expression has more than ${SQL_LIMITS.maxOperators} operators (+, AND, OR, …)`,
        `${SPLIT_HINT}; a long OR of equalities can be x IN (…)`,
      );
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const top = stack[stack.length - 1] as Frame;
    const word = t.kind === 'word' ? t.text.toUpperCase() : '';
    if (isPunct(t, ';')) statementStart ||= stack.length === 1;
    else if (statementStart) {
      statementStarts.push(t.pos);
      statementStart = false;
    }
    const isOpChar = t.kind === 'punct' && OPERATOR_CHARS.has(t.text);
    const prefix = (isOpChar && (t.text === '-' || t.text === '+')) || word === 'NOT';
    prefixRun = prefix && prev !== undefined && startsOperand(prev) ? prefixRun + 1 : prefix ? 1 : 0;
    if (prefixRun > 0) nestingAt(t);
    if (t.kind === 'number') checkNumber(t);
    if (isPunct(t, '(') || isPunct(t, '[') || isPunct(t, '{')) {
      const special = prev?.kind === 'word' && SPECIAL_FORMS.has(prev.text.toUpperCase()) ? 1 : 0;
      const next = tokens[i + 1];
      const frameLevels = next?.kind === 'word' && SUBQUERY_STARTS.has(next.text.toUpperCase()) ? 2 : 1;
      const frame = newFrame(top.special + special, frameLevels, caseDepth);
      stack.push(frame);
      levels += frameLevels;
      nestingAt(t);
      if (frame.special > SQL_LIMITS.maxSpecialNesting)
        throw sqlError(
          'SQL_INVALID',
          prev?.pos ?? t.pos,
          `more than ${SQL_LIMITS.maxSpecialNesting} nested CAST/POSITION/SUBSTRING/CEIL/FLOOR/… calls here`,
          `compute the inner part in a view, or ${SPLIT_HINT}`,
        );
    } else if ((isPunct(t, ')') || isPunct(t, ']') || isPunct(t, '}')) && stack.length > 1) {
      const done = stack.pop() as Frame;
      levels -= done.levels;
      caseDepth = done.caseDepth;
      const parent = stack[stack.length - 1] as Frame;
      parent.childMax = Math.max(parent.childMax, Math.max(done.best, done.segOps + done.childMax) + 1);
      operatorsAt(parent, t);
    } else if (isPunct(t, ',') || isPunct(t, ';') || SEGMENT_WORDS.has(word)) {
      top.best = Math.max(top.best, top.segOps + top.childMax);
      top.segOps = 0;
      top.childMax = 0;
      if (isPunct(t, ';')) top.setOps = 0;
      if (word === 'END' && caseDepth > top.caseDepth) caseDepth--;
    } else if (word === 'CASE') {
      caseDepth++;
      nestingAt(t);
    } else if (SET_OPERATIONS.has(word)) {
      if (++top.setOps > SQL_LIMITS.maxSetOperations)
        throw sqlError(
          'SQL_INVALID',
          t.pos,
          `the query has more than ${SQL_LIMITS.maxSetOperations} UNION/EXCEPT/INTERSECT`,
          'split it into several INSERT INTO … statements or views',
        );
    }
    if (
      (isOpChar && !(prev?.kind === 'punct' && OPERATOR_CHARS.has(prev.text))) ||
      OPERATOR_WORDS.has(word)
    ) {
      top.segOps++;
      operatorsAt(top, t);
    }
    prev = t;
  }
  return {
    deepest: (deepest as { level: number; pos: Pos } | null)?.pos ?? null,
    statementStarts,
    tokenSpans: tokens.map((t) => [t.start, t.end] as const),
  };
}

/** True if an operator after `t` is a prefix one (`t` cannot end an operand). */
function startsOperand(t: Token): boolean {
  if (t.kind === 'punct') return t.text !== ')' && t.text !== ']' && t.text !== '}';
  return (
    t.kind === 'word' && (OPERATOR_WORDS.has(t.text.toUpperCase()) || SEGMENT_WORDS.has(t.text.toUpperCase()))
  );
}

/** Numeric literals no sluice type holds exactly: refused rather than rounded. */
function checkNumber(t: Token): void {
  const value = Number(t.text);
  const mantissa = t.text.split(/e/i)[0] ?? '';
  if (!Number.isFinite(value))
    throw sqlError(
      'SQL_INVALID',
      t.pos,
      `the number ${t.text} is out of range: a DOUBLE holds at most about 1.8e308`,
      'use a smaller number',
    );
  if (value === 0 && /[1-9]/.test(mantissa))
    throw sqlError(
      'SQL_INVALID',
      t.pos,
      `the number ${t.text} is too small: it would round to 0 (a DOUBLE holds down to about 4.9e-324)`,
      'write 0, or scale the values',
    );
  if (/^[0-9]+$/.test(t.text) && !Number.isSafeInteger(value))
    throw sqlError(
      'SQL_INVALID',
      t.pos,
      `the integer ${t.text} is out of range: sluice integers (BIGINT) are exact up to ${Number.MAX_SAFE_INTEGER} (2^53 - 1)`,
      `write it as a DOUBLE (${t.text}.0) if an approximate value will do`,
    );
}

/** Line and column of a UTF-16 offset. */
export function posAt(sql: string, offset: number): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (sql.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

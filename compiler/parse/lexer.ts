import type { Pos } from '../errors/sql-error.ts';

/** A minimal SQL tokenizer for the pre-pass: words, strings, quoted identifiers, numbers, punctuation. */
export type TokenKind = 'word' | 'string' | 'quoted' | 'number' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** Raw text as written. */
  readonly text: string;
  /** Decoded value: the string's contents, the identifier's name; otherwise the text. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly pos: Pos;
}

export function lex(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const advanceTo = (to: number): void => {
    for (let k = i; k < to; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    i = to;
  };
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const pos = { line, column: i - lineStart + 1 };
    if (/\s/.test(c)) {
      advanceTo(i + 1);
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      advanceTo(nl === -1 ? sql.length : nl);
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      advanceTo(close === -1 ? sql.length : close + 2);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += sql[j];
        j++;
      }
      const end = Math.min(j + 1, sql.length);
      tokens.push({
        kind: c === "'" ? 'string' : 'quoted',
        text: sql.slice(i, end),
        value,
        start: i,
        end,
        pos,
      });
      advanceTo(end);
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i)) as RegExpExecArray;
      const text = m[0];
      tokens.push({ kind: 'word', text, value: text, start: i, end: i + text.length, pos });
      advanceTo(i + text.length);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]*(e[+-]?[0-9]+)?/i.exec(sql.slice(i)) as RegExpExecArray;
      const text = m[0];
      tokens.push({ kind: 'number', text, value: text, start: i, end: i + text.length, pos });
      advanceTo(i + text.length);
    } else {
      tokens.push({ kind: 'punct', text: c, value: c, start: i, end: i + 1, pos });
      advanceTo(i + 1);
    }
  }
  return tokens;
}

/** True if the token is the (case-insensitive) keyword. */
export function isWord(t: Token | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === word;
}

export function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === p;
}

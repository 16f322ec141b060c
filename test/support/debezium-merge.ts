import { expect } from 'vitest';
import type { Row } from './normalize.ts';

/** The primary key of a query whose sink writes Debezium changes: its `-- pk: col1,col2` header. */
export function pkHeaderOf(sql: string): string[] | null {
  const line = sql.split('\n').find((l) => l.startsWith('-- pk:'));
  return line === undefined
    ? null
    : line
        .slice('-- pk:'.length)
        .split(',')
        .map((c) => c.trim());
}

/** Applies Debezium changes by primary key; returns the final rows. */
export function mergeChanges(changes: readonly Row[], pk: readonly string[]): Row[] {
  const state = new Map<string, Row>();
  const keyOf = (row: Row) => JSON.stringify(pk.map((c) => row[c] ?? null));
  for (const ch of changes) {
    const { before, after, op } = ch as { before: Row | null; after: Row | null; op: string };
    const key = keyOf((after ?? before) as Row);
    const current = state.get(key);
    if (op === 'c') {
      expect(current, `c for a key already present: ${key}`).toBeUndefined();
      expect(before).toBeNull();
    } else {
      expect(op === 'u' || op === 'd', `unknown op ${op}`).toBe(true);
      expect(before, `${op} for ${key} must carry the current row`).toEqual(current);
    }
    if (op === 'd') {
      expect(after).toBeNull();
      state.delete(key);
    } else state.set(key, after as Row);
  }
  return [...state.values()];
}

/**
 * Puts rows from sluice and from DuckDB into one comparable form: timestamps as ISO-8601 strings
 * with milliseconds, integers as numbers, floats rounded to 6 decimals (summation order differs
 * between engines), keys sorted, and rows sorted by their JSON text.
 */
export type Row = Record<string, unknown>;

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function normalizeValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toFixed(6));
  if (typeof v === 'string' && ISO_LIKE.test(v)) {
    const withZone = /Z|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v.replace(' ', 'T')}Z`;
    const ms = Date.parse(withZone);
    return Number.isNaN(ms) ? v : new Date(ms).toISOString();
  }
  // Lists: arrays from sluice, DuckDB list values ({ items }) from the oracle.
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (typeof v === 'object' && v !== null && 'items' in v && Array.isArray(v.items))
    return v.items.map(normalizeValue);
  if (typeof v === 'object' && v !== null && 'micros' in v && typeof v.micros === 'bigint') {
    return new Date(Number(v.micros / 1000n)).toISOString();
  }
  return v;
}

export function normalizeRows(rows: readonly Row[]): string[] {
  return rows
    .map((row) => {
      const out: Row = {};
      for (const key of Object.keys(row).sort()) out[key] = normalizeValue(row[key]);
      return JSON.stringify(out);
    })
    .sort();
}

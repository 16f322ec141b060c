// Aggregate UDFs of udf_aggregate.sql (a function of one array parameter is an aggregate over the
// window's values); the oracle (udf_aggregate.oracle.sql) uses DuckDB's own aggregates.

/** The mean of the two middle values for an even count, as DuckDB's median. */
export function my_median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** NULLs are dropped before the call unless the element type takes NULL. */
export function present(values: number[]): bigint {
  return BigInt(values.length);
}

export function with_nulls(values: (number | null)[]): bigint {
  return BigInt(values.length);
}

/** Values arrive ordered by event time. */
export function first_of(values: string[]): string {
  return values[0]!;
}

export function span_ms(values: Date[]): bigint {
  const ms = values.map((d) => d.getTime());
  return BigInt(Math.max(...ms) - Math.min(...ms));
}

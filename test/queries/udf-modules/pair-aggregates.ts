// Two-argument aggregate UDF of udf_processing_time.sql (Arroyo's convention, as its smoke UDAF
// max_product: one array parameter per argument column; rows where either argument is NULL are
// dropped). The oracle uses DuckDB's max over the products.

/** The largest product of the pairs (a[i], b[i]). */
export function max_product(a: number[], b: number[]): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < a.length; i++) best = Math.max(best, a[i]! * b[i]!);
  return best;
}

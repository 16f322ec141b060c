// Scalar and aggregate UDFs of examples/udf/tiers.sql. sluice types each SQL call by the
// exported function's signature: number = DOUBLE, bigint = BIGINT, string = TEXT, boolean =
// BOOLEAN, Date = TIMESTAMP, T[] = arrays, T | null = may be NULL.

/** The price after the region's discount. */
export function discounted(amount: number, region: string): number {
  const rate = region === 'eu' ? 0.2 : region === 'apac' ? 0.1 : 0;
  return Math.round(amount * (1 - rate) * 100) / 100;
}

/** A size class of an order; NULL for a missing amount (the parameter takes NULL). */
export const sizeClass = (amount: number | null): string | null =>
  amount === null ? null : amount >= 500 ? 'large' : amount >= 100 ? 'medium' : 'small';

/**
 * An aggregate UDF: a function of one array parameter gets the values of its window and key
 * (Arroyo's convention). This is the interquartile range of the amounts.
 */
export function iqr(amounts: number[]): number {
  const s = [...amounts].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return at(0.75) - at(0.25);
}

// Scalar UDFs of udf_scalar.sql; the oracle (udf_scalar.oracle.sql) computes the same in DuckDB SQL.

export const config = { tag_count: { aggregate: false } };

export function discount(price: number): number {
  return price * 0.9;
}

/** BIGINT in and out: bigint division truncates toward zero. */
export function bucket(n: bigint): bigint {
  return n / 100n;
}

export const is_even = (n: bigint): boolean => n % 2n === 0n;

/** The parameter takes NULL, so the function sees it. */
export function label(kind: string, score: number | null): string {
  return `${kind}:${score === null ? 'none' : score >= 50 ? 'high' : 'low'}`;
}

/** Not declared `| null`: a NULL score gives NULL without a call. */
export function doubled(score: number): number {
  return score * 2;
}

/** One array parameter is an aggregate by convention; `config` makes it a per-row function. */
export function tag_count(tags: string[]): bigint {
  return BigInt(tags.length);
}

export function hour_of(ts: Date): bigint {
  return BigInt(ts.getUTCHours());
}

export function later(ts: Date, seconds: bigint): Date {
  return new Date(ts.getTime() + Number(seconds) * 1000);
}

export function parts(s: string): string[] {
  return s.split('0');
}

/** A nullable result: NULL when the payload names no device. */
export function device(payload: string): string | null {
  const m = /"device":"([^"]*)"/.exec(payload);
  return m?.[1] ?? null;
}

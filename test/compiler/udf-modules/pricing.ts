// UDFs of the test/compiler/*udf*.sql cases (the `-- udf:` header loads a module).

export function discount(price: number): number {
  return price * 0.9;
}

export function bucket(n: bigint): bigint {
  return n / 100n;
}

export function my_median(values: number[]): number | null {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1] ?? null;
}

export async function lookup(region: string): Promise<string> {
  return region.toUpperCase();
}

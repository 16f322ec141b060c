/** At most `n` runs at once; runs of one query (same sink file) never overlap. */
export function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const perQuery = new Map<string, Promise<unknown>>();
  const slot = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  return <T>(query: string, fn: () => Promise<T>): Promise<T> => {
    const run = (perQuery.get(query) ?? Promise.resolve()).catch(() => {}).then(() => slot(fn));
    perQuery.set(query, run);
    return run;
  };
}

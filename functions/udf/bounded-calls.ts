import type { UdfAsyncOptions } from '../../compiler/spec/index.ts';
import { errorMessage } from '../errors.ts';
import type { Outcome } from './async-results.ts';

/**
 * Runs `calls` with at most `concurrency` in flight, each bounded by `timeoutMs`, and reports each
 * call's outcome as it settles. A call that times out gives up its slot at once (its promise is
 * abandoned, its late result ignored), so a hung lookup can never stall the shard: its row is
 * dead-lettered with the reason instead.
 */
export async function runBounded<T>(
  calls: readonly T[],
  opts: UdfAsyncOptions,
  name: string,
  call: (c: T) => unknown,
  settle: (c: T, outcome: Outcome) => void,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls.length) {
      const c = calls[next++] as T;
      settle(c, await withTimeout(c, opts.timeoutMs, name, call));
    }
  };
  const workers = Array.from({ length: Math.min(opts.concurrency, calls.length) }, worker);
  await Promise.all(workers);
}

function withTimeout<T>(c: T, ms: number, name: string, call: (c: T) => unknown): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, reason: `async UDF ${name}() timed out after ${ms} ms` }),
      ms,
    );
    Promise.resolve()
      .then(() => call(c))
      .then(
        (value) => resolve({ ok: true, value }),
        (err: unknown) => resolve({ ok: false, reason: `async UDF ${name}() failed: ${errorMessage(err)}` }),
      )
      .finally(() => clearTimeout(timer));
  });
}

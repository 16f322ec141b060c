/**
 * Waits for a committed condition, never for time: polls `cond` until it holds. The bound is only
 * there so a real stall ends the test with `timed out waiting for <what>` (and what `describe`
 * says about the state then) instead of a wrong answer read too early. Choose a bound far above
 * what the wait takes on a loaded machine; correctness is decided by the assertions after it.
 */
export interface WaitOptions {
  /** @default 100 */
  readonly pauseMs?: number;
  /** @default 100_000 (under vitest's 120 s test timeout, so the message names the wait) */
  readonly timeoutMs?: number;
  /** Appended to the timeout error: the state that was still missing. */
  readonly describe?: () => Promise<string> | string;
}

export class WaitTimeoutError extends Error {
  readonly code = 'WAIT_TIMEOUT';
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

export async function waitUntil(
  what: string,
  cond: () => boolean | Promise<boolean>,
  opts: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 100_000);
  while (!(await cond())) {
    if (Date.now() > deadline) {
      const state = opts.describe ? `: ${await opts.describe()}` : '';
      throw new WaitTimeoutError(`timed out waiting for ${what}${state}`);
    }
    await new Promise((r) => setTimeout(r, opts.pauseMs ?? 100));
  }
}

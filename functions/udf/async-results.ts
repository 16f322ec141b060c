import { EvaluationError } from '../errors.ts';

/** The outcome of one async UDF call: its (converted) value, or why the row must be dead-lettered. */
export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/** A call the collect pass met: which UDF, with which (engine) arguments. */
export interface PendingCall {
  readonly id: string;
  readonly args: readonly unknown[];
}

/**
 * Results of async UDF calls, shared by the invocations running in this process (the local
 * emulator runs a function's invocations concurrently in one worker). Each invocation holds a lease
 * on the keys its rows need; an entry lives while some lease holds it, so one invocation finishing
 * never removes a result another still reads.
 */
const results = new Map<string, { outcome: Outcome; refs: number }>();
/** Set only during a (synchronous) collect pass: the calls its rows made. */
let collecting: Map<string, PendingCall> | undefined;

export const callKey = (id: string, args: readonly unknown[]): string => `${id}\u0000${JSON.stringify(args)}`;

/** Runs `body` (synchronously) in collect mode; returns the async calls it made, by key. */
export function collectAsyncCalls(body: () => void): Map<string, PendingCall> {
  const calls = new Map<string, PendingCall>();
  collecting = calls;
  try {
    body();
  } finally {
    collecting = undefined;
  }
  return calls;
}

/**
 * The value of an async call inside a compiled expression. In collect mode: records the call and
 * returns the result if some invocation already has it, else NULL (a placeholder; the collect pass's
 * rows are thrown away). Otherwise: the prefetched result, or EvaluationError with the reason.
 */
export function asyncResult(id: string, args: readonly unknown[], name: string): unknown {
  const key = callKey(id, args);
  const held = results.get(key);
  if (collecting !== undefined) {
    collecting.set(key, { id, args });
    return held?.outcome.ok === true ? held.outcome.value : null;
  }
  if (held === undefined)
    throw new EvaluationError(
      `async UDF ${name}(): no result for these arguments (the call was not prefetched)`,
    );
  if (!held.outcome.ok) throw new EvaluationError(held.outcome.reason);
  return held.outcome.value;
}

/** The keys one invocation holds; `release()` once its rows have been processed. */
export class AsyncLease {
  private readonly keys = new Set<string>();

  /** Holds the calls already resolved (by anyone); returns those still to make. */
  adopt(calls: ReadonlyMap<string, PendingCall>): [string, PendingCall][] {
    const missing: [string, PendingCall][] = [];
    for (const [key, call] of calls) {
      if (this.keys.has(key)) continue;
      const entry = results.get(key);
      if (entry === undefined) missing.push([key, call]);
      else {
        entry.refs++;
        this.keys.add(key);
      }
    }
    return missing;
  }

  /** Stores a call's outcome (keeping an earlier one of a concurrent invocation) and holds it. */
  settle(key: string, outcome: Outcome): void {
    if (this.keys.has(key)) return;
    const entry = results.get(key);
    if (entry === undefined) results.set(key, { outcome, refs: 1 });
    else entry.refs++;
    this.keys.add(key);
  }

  release(): void {
    for (const key of this.keys) {
      const entry = results.get(key);
      if (entry !== undefined && --entry.refs <= 0) results.delete(key);
    }
    this.keys.clear();
  }
}

/** Entries held by live leases (for tests). */
export const heldResults = (): number => results.size;

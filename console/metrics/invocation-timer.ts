// Not the localstack/index.ts barrel: this file is bundled into the cloud console function, which
// must not carry the local stack (DynamoDB Local, kinesalite) with it.

import type {
  AfterInvokeFault,
  BeforeInvokeFault,
  FaultContext,
  FaultInjector,
  InvokeOutcome,
} from '../../localstack/index.ts';
import { noFaults } from '../../localstack/index.ts';

/** Invocation durations of one function since the last `drain`, ms. */
export interface DurationSample {
  readonly functionName: string;
  readonly durations: number[];
  readonly errors: number;
}

/**
 * Measures how long the local Lambda emulator takes per invocation, as seen by its event source
 * mapping pollers: from just before the invoke to just after its result (worker dispatch included).
 * It rides the emulator's fault-injection seam and passes every decision to `inner`, so it
 * injects nothing itself. Honest label: "invocation duration (emulator)", not end-to-end latency.
 */
export class InvocationTimer implements FaultInjector {
  private readonly started = new Map<string, number>();
  private readonly pending = new Map<string, DurationSample>();

  constructor(
    private readonly inner: FaultInjector = noFaults,
    private readonly now: () => number = () => performance.now(),
  ) {}

  beforeInvoke(ctx: FaultContext): BeforeInvokeFault {
    const fault = this.inner.beforeInvoke(ctx);
    if (fault.kind !== 'throttle') this.started.set(`${ctx.mappingUuid}/${ctx.shardId}`, this.now());
    return fault;
  }

  afterInvoke(ctx: FaultContext, outcome: InvokeOutcome): AfterInvokeFault {
    const key = `${ctx.mappingUuid}/${ctx.shardId}`;
    const start = this.started.get(key);
    this.started.delete(key);
    if (start !== undefined) {
      let sample = this.pending.get(ctx.functionName);
      if (!sample) {
        sample = { functionName: ctx.functionName, durations: [], errors: 0 };
        this.pending.set(ctx.functionName, sample);
      }
      sample.durations.push(this.now() - start);
      if (outcome !== 'success') (sample as { errors: number }).errors++;
    }
    return this.inner.afterInvoke(ctx, outcome);
  }

  /** Durations per function since the last call, and resets them. */
  drain(): Map<string, DurationSample> {
    const out = new Map(this.pending);
    this.pending.clear();
    return out;
  }
}

/** The q-quantile (0..1) of `values` by nearest rank; null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

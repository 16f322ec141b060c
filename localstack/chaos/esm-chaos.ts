import type { ChaosSettings } from '../../functions/index.ts';
import { chaosUnit, pickFault } from '../../functions/index.ts';
import type { AfterInvokeFault, BeforeInvokeFault, FaultContext, FaultInjector } from '../fault-injector.ts';
import type { FaultCounts, Ordinals } from './fault-counts.ts';

/** Successful deliveries of one segment after which it is never re-delivered or restarted again. */
const MAX_AFTER_FAULTS_PER_SEGMENT = 4;

/**
 * The ESM pollers' side of `--chaos` (fact 1: at-least-once delivery, a retry may carry a different
 * batch): Lambda throttles, shorter batches ('rebatch-shorter', also on retries), a head-only
 * delivery whose failed attempt is retried as the longer whole ('rebatch-longer'), duplicate
 * delivery of a processed batch ('redeliver') and a restart after a fake partial-batch response
 * ('partial-restart'). Bisected retries after function errors are counted ('retry-bisected').
 */
export function esmChaos(
  settings: () => ChaosSettings | undefined,
  counts: FaultCounts,
  ordinals: Ordinals,
): FaultInjector {
  return {
    beforeInvoke(ctx: FaultContext): BeforeInvokeFault {
      const s = settings();
      if (!s) return { kind: 'none' };
      const n = ordinals.next(`before/${ctx.functionName}/${ctx.shardId}`);
      const u = chaosUnit(s.seed, 'esm-before', ctx.functionName, ctx.shardId, n);
      const fault = pickFault(u, s.rates, ['invoke-throttle', 'rebatch-shorter', 'rebatch-longer'] as const);
      if (fault === 'invoke-throttle') {
        counts.add(fault);
        return { kind: 'throttle' };
      }
      if (fault === undefined || ctx.recordCount < 2) return { kind: 'none' };
      const count =
        1 +
        Math.floor(chaosUnit(s.seed, 'esm-count', ctx.functionName, ctx.shardId, n) * (ctx.recordCount - 1));
      counts.add(fault);
      return fault === 'rebatch-shorter' ? { kind: 'truncate', count } : { kind: 'prefix', count };
    },
    afterInvoke(ctx, outcome): AfterInvokeFault {
      const s = settings();
      if (!s || outcome !== 'success') return { kind: 'none' };
      // A segment always gets through in the end: at rates that sum to 1, a one-record segment
      // (partial-restart can only restart it from 0) would be re-delivered forever and hold back
      // everything behind it on the shard.
      if ((ctx.invokes ?? 0) >= MAX_AFTER_FAULTS_PER_SEGMENT) return { kind: 'none' };
      const n = ordinals.next(`after/${ctx.functionName}/${ctx.shardId}`);
      const u = chaosUnit(s.seed, 'esm-after', ctx.functionName, ctx.shardId, n);
      const fault = pickFault(u, s.rates, ['redeliver', 'partial-restart'] as const);
      if (fault === undefined) return { kind: 'none' };
      counts.add(fault);
      if (fault === 'redeliver') return { kind: 'redeliver' };
      const from = Math.floor(
        chaosUnit(s.seed, 'esm-from', ctx.functionName, ctx.shardId, n) * ctx.recordCount,
      );
      return { kind: 'partial', fromIndex: from };
    },
    onBisect() {
      if (settings()) counts.add('retry-bisected');
    },
  };
}

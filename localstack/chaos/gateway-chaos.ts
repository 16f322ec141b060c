import type { ChaosSettings } from '../../functions/index.ts';
import { CHAOS_USER_AGENT, chaosUnit, pickFault } from '../../functions/index.ts';
import type { GatewayFault, GatewayFaultInjector, GatewayRequestInfo } from '../gateway/gateway-faults.ts';
import type { FaultCounts, Ordinals } from './fault-counts.ts';

/** DynamoDB writes that can meet a TransactionConflictException (an item inside a running transaction). */
const CONFLICTING = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems']);

/** A stage function's call: the SDK in Lambda says `exec-env/AWS_Lambda_…`; the seams' own calls are spared. */
const fromFunction = (req: GatewayRequestInfo) =>
  req.userAgent.includes('exec-env/AWS_Lambda') && !req.userAgent.includes(CHAOS_USER_AGENT);

/**
 * The gateway's side of `--chaos`: partial PutRecords failures (fact 2: the failed entries are
 * retried after later ones) on every put by sluice (stage functions, file ingest and the clock into
 * the pipeline's `sluice-*` streams, functions into a user's sink stream), and DynamoDB throttling
 * and transaction conflicts on the stage functions' calls (the CLI's own reads are left alone). A
 * user's own producer writing a user's source stream is spared: its retries would change the input
 * itself, and so the answer a failure-free run gives.
 */
export function gatewayChaos(
  settings: () => ChaosSettings | undefined,
  counts: FaultCounts,
  ordinals: Ordinals,
): GatewayFaultInjector {
  return {
    dynamo(operation, req): GatewayFault | undefined {
      const s = settings();
      if (!s || !fromFunction(req)) return undefined;
      const n = ordinals.next(`dynamo/${operation}`);
      const u = chaosUnit(s.seed, 'dynamo', operation, n);
      const fault = pickFault(u, s.rates, ['dynamo-throttle', 'dynamo-conflict'] as const);
      if (fault === 'dynamo-throttle') {
        counts.add(fault);
        return {
          type: 'ProvisionedThroughputExceededException',
          message:
            'The level of configured provisioned throughput for the table was exceeded (sluice chaos).',
        };
      }
      if (fault === 'dynamo-conflict' && CONFLICTING.has(operation)) {
        counts.add(fault);
        return {
          type: 'TransactionConflictException',
          message: 'Transaction is ongoing for the item (sluice chaos).',
        };
      }
      return undefined;
    },
    putRecords(streamName, entries, req) {
      const s = settings();
      if (!s || entries === 0) return undefined;
      if (!fromFunction(req) && !streamName.startsWith('sluice-')) return undefined;
      const n = ordinals.next(`put/${streamName}`);
      if (chaosUnit(s.seed, 'put', streamName, n) >= s.rates['put-partial']) return undefined;
      const failing = new Set<number>();
      for (let i = 0; i < entries; i++)
        if (chaosUnit(s.seed, 'put-entry', streamName, n, i) < 0.5) failing.add(i);
      if (failing.size === 0) failing.add(Math.floor(chaosUnit(s.seed, 'put-one', streamName, n) * entries));
      counts.add('put-partial');
      counts.add('put-failed-entries', failing.size);
      return failing;
    },
  };
}

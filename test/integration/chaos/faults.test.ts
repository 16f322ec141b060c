import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import {
  type ChaosRates,
  chaosSettings,
  onlyRates,
  type RatedFault,
} from '../../../functions/chaos/chaos-config.ts';
import { readChaosCounts } from '../../../functions/chaos/chaos-counters.ts';
import type { PipelineProgress } from '../../../ops/status/monitor.ts';
import {
  type ChaosStack,
  type PipelineRun,
  runPipeline,
  startChaosStack,
} from '../../support/chaos-harness.ts';
import { CHAOS_QUERIES, genOrders } from '../../support/chaos-schedules.ts';
import { normalizeRows } from '../../support/normalize.ts';

/**
 * One test per fault kind of the harness (docs/exactly-once.md "Faults"): the fault is injected
 * often, on a two-stage windowed pipeline, and the test shows the invariant it attacks held: the
 * sink equals the oracle, stats count every row once, and the fault's own evidence is there.
 */
const tumble = CHAOS_QUERIES.find((q) => q.name === 'tumble-customer')!;
const ORDERS = genOrders(42, 48);
const EXPECTED = normalizeRows(tumble.oracle(ORDERS));

const stage = (p: PipelineProgress, id: string) => p.stages.find((s) => s.stageId === id)!;
let n = 0;

describe('chaos harness: each fault kind, and the invariant it attacks', () => {
  let env: ChaosStack;
  beforeAll(async () => {
    env = await startChaosStack();
  });
  afterAll(async () => {
    await env?.stop();
  });

  async function attack(
    kinds: readonly RatedFault[],
    rate: number,
    extra: ChaosRates = {},
    seed = 7,
  ): Promise<PipelineRun> {
    const run = await runPipeline(env, {
      name: `fault-${kinds[0]}-${n++}`,
      sql: tumble.sql,
      inputs: { 'orders.jsonl': ORDERS.map((o) => JSON.stringify(o)) },
      parallelism: 2,
      settings: chaosSettings(seed, { ...onlyRates(kinds, rate), ...extra }),
    });
    // exactly once: the sink equals one failure-free run, and committed stats count each row once
    expect(normalizeRows(run.sinks.results ?? [])).toEqual(EXPECTED);
    expect(stage(run.progress, 's1').in).toBe(ORDERS.length);
    expect(run.deadLetters).toBe(0);
    return run;
  }

  it('crash before emit: the retry starts again from the committed state (I1), nothing is lost', async () => {
    const run = await attack(['crash-before-emit'], 0.5);
    expect(run.report.faults['crash-before-emit']).toBeGreaterThan(0);
  });

  it('crash mid-emit: re-emitted rows carry the same ids (I2) and are dropped downstream (I4)', async () => {
    const run = await attack(['crash-mid-emit'], 0.6, { 'put-partial': 0.3 });
    expect(run.report.faults['crash-mid-emit']).toBeGreaterThan(0);
    expect(stage(run.progress, 's2').dup).toBeGreaterThan(0);
  });

  it('crash after emit, before commit: the retry emits again, the consumer dedupes (I3, I4)', async () => {
    const run = await attack(['crash-after-emit'], 0.6);
    expect(run.report.faults['crash-after-emit']).toBeGreaterThan(0);
    expect(stage(run.progress, 's2').dup).toBeGreaterThan(0);
  });

  it('crash after commit: the re-delivered records are skipped as committed (I1)', async () => {
    const run = await attack(['crash-after-commit'], 0.6);
    expect(run.report.faults['crash-after-commit']).toBeGreaterThan(0);
    expect(stage(run.progress, 's2').in).toBe(stage(run.progress, 's1').out);
  });

  it('re-delivery of committed records (fact 1): skipped by sequence number (I1)', async () => {
    const run = await attack(['redeliver', 'partial-restart'], 0.5);
    expect(run.report.faults.redeliver).toBeGreaterThan(0);
    expect(run.report.faults['partial-restart']).toBeGreaterThan(0);
  });

  it('a retry with a different batch (shorter, longer, bisected): outputs do not depend on batch boundaries (I2)', async () => {
    const run = await attack(['rebatch-shorter', 'rebatch-longer', 'crash-after-emit'], 0.4);
    expect(run.report.faults['rebatch-shorter']).toBeGreaterThan(0);
    expect(run.report.faults['rebatch-longer']).toBeGreaterThan(0);
    expect(run.report.faults['retry-bisected']).toBeGreaterThan(0);
  });

  it('partial PutRecords failures (fact 2): retried records land after later ones; dedupe and markers hold (I3, I4)', async () => {
    const run = await attack(['put-partial'], 0.6);
    expect(run.report.faults['put-partial']).toBeGreaterThan(0);
    expect(run.report.outcomes['put-failed-entries']).toBeGreaterThan(0);
  });

  it('DynamoDB throttling and transaction conflicts: a failed call fails the invocation, never half-commits (I1)', async () => {
    const run = await attack(['dynamo-throttle', 'dynamo-conflict', 'invoke-throttle'], 0.25);
    expect(run.report.faults['dynamo-throttle']).toBeGreaterThan(0);
    expect(run.report.faults['dynamo-conflict']).toBeGreaterThan(0);
    expect(run.report.faults['invoke-throttle']).toBeGreaterThan(0);
  });

  it('a zombie (fact 3): its late commit is refused with COMMIT_CONFLICT and its late emits are deduplicated', async () => {
    const run = await attack(['zombie'], 0.5);
    expect(run.report.faults.zombie).toBeGreaterThan(0);
    // the zombie waits until its retry committed, then emits and commits: always refused
    expect(run.report.outcomes['zombie-refused']).toBe(run.report.faults.zombie);
    expect(run.report.outcomes['zombie-committed']).toBe(0);
    const counts = await readChaosCounts(run.session.clients.dynamo, resourceNames.table(run.spec.name));
    if (counts.some((c) => c.kind === 'zombie-refused' && c.stage === 's1')) {
      expect(stage(run.progress, 's2').dup).toBeGreaterThan(0);
    }
  });

  it('reshards mid-run (fact 4): split, merge, UpdateShardCount up and down; lineage (I5) keeps it exact', async () => {
    // Long enough that the streams can be resharded while their producers still send.
    const orders = genOrders(43, 3000);
    const run = await runPipeline(env, {
      name: `fault-reshard-${n++}`,
      sql: tumble.sql,
      inputs: { 'orders.jsonl': orders.map((o) => JSON.stringify(o)) },
      parallelism: 2,
      settings: chaosSettings(7, onlyRates([])),
      reshard: true,
    });
    expect(normalizeRows(run.sinks.results ?? [])).toEqual(normalizeRows(tumble.oracle(orders)));
    const reshards = ['reshard-split', 'reshard-merge', 'reshard-scale-up', 'reshard-scale-down'];
    expect(reshards.reduce((a, k) => a + (run.report.faults[k] ?? 0), 0)).toBeGreaterThan(0);
  });
});

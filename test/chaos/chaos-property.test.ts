import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chaosSettings } from '../../functions/chaos/chaos-config.ts';
import { type ChaosStack, runPipeline, startChaosStack } from '../support/chaos-harness.ts';
import { schedule } from '../support/chaos-schedules.ts';
import { normalizeRows } from '../support/normalize.ts';

/**
 * The randomized property: under any seeded fault schedule, a pipeline's sink equals the oracle's
 * answer over the same input (which is what one failure-free run gives). `npm test` replays a short
 * slice; `npm run test:chaos` sets SLUICE_CHAOS_SCHEDULES (200).
 */
const SCHEDULES = Number(process.env.SLUICE_CHAOS_SCHEDULES ?? '3');
/** Tiny inputs see few invocations; double the default rates so each schedule meets more faults. */
const BOOST = 2;

describe(`chaos property: ${SCHEDULES} seeded fault schedules over small inputs`, () => {
  let env: ChaosStack;
  const injected: Record<string, number> = {};
  beforeAll(async () => {
    env = await startChaosStack();
  });
  afterAll(async () => {
    await env?.stop();
    process.stderr.write(
      `chaos property: faults injected over ${SCHEDULES} schedules: ${JSON.stringify(injected)}\n`,
    );
  });

  for (let i = 0; i < SCHEDULES; i++) {
    const s = schedule(i);
    it(`schedule ${i} (seed ${s.seed}, ${s.query.name}, parallelism ${s.parallelism}, ${s.orders.length} rows)`, async () => {
      const base = chaosSettings(s.seed);
      const settings = chaosSettings(
        s.seed,
        Object.fromEntries(Object.entries(base.rates).map(([k, r]) => [k, Math.min(1, r * BOOST)])),
      );
      const run = await runPipeline(env, {
        name: `chaos-${s.seed}`,
        sql: s.query.sql,
        inputs: { 'orders.jsonl': s.orders.map((o) => JSON.stringify(o)) },
        parallelism: s.parallelism,
        settings,
        // Reshards too, as `sluice run --chaos` does (while the streams carry data).
        reshard: true,
      });
      for (const [k, n] of Object.entries(run.report.faults)) injected[k] = (injected[k] ?? 0) + n;
      expect(run.deadLetters).toBe(0);
      expect(normalizeRows(run.sinks.results ?? [])).toEqual(normalizeRows(s.query.oracle(s.orders)));
    });
  }

  it('the schedules injected faults', () => {
    expect(Object.values(injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

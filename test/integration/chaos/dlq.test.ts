import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceNames } from '../../../compiler/spec/index.ts';
import { chaosSettings } from '../../../functions/chaos/chaos-config.ts';
import { assembleFileSink } from '../../../functions/connectors/file-sink-assemble.ts';
import { listDeadLetters } from '../../../functions/state/dead-letters.ts';
import { replayDeadLetters } from '../../../ops/dlq/dlq-replay.ts';
import type { PipelineProgress } from '../../../ops/status/monitor.ts';
import {
  type ChaosStack,
  type PipelineRun,
  removeFunctions,
  runPipeline,
  startChaosStack,
} from '../../support/chaos-harness.ts';
import { CHAOS_QUERIES, genOrders } from '../../support/chaos-schedules.ts';
import { normalizeRows } from '../../support/normalize.ts';
import { waitUntil } from '../../support/wait-until.ts';

const filter = CHAOS_QUERIES.find((q) => q.name === 'filter')!;
const SQL = filter.sql.replace("type = 'source'", "type = 'source', bad_data = 'drop'");
const ORDERS = genOrders(5, 30);
const POISON_LINE = 8; // 1-based line of the poison record
const poison = { ...ORDERS[POISON_LINE - 1]!, amount: 'a lot' };
const fixed = { ...ORDERS[POISON_LINE - 1]!, amount: 777.5 };

/** Polls until `cond` holds (a wait on a condition, not a timing assertion). */
const until = (what: string, cond: () => Promise<boolean>) => waitUntil(what, cond);

describe('dead letters (I8) on the ESM path, under chaos, and dlq replay', () => {
  let env: ChaosStack;
  let run: PipelineRun;
  const s1 = (p: PipelineProgress) => p.stages.find((s) => s.stageId === 's1')!;

  beforeAll(async () => {
    env = await startChaosStack();
    const lines = ORDERS.map((o, i) => JSON.stringify(i === POISON_LINE - 1 ? poison : o));
    run = await runPipeline(env, {
      name: 'dlq-replay',
      sql: SQL,
      inputs: { 'orders.jsonl': lines },
      parallelism: 2,
      settings: chaosSettings(3),
      keep: true,
    });
  });
  afterAll(async () => {
    if (run) await removeFunctions(run.session);
    await env?.stop();
  });

  it('dead-letters the poison record with reason and file:line, while the rest of the shard flows', async () => {
    const others = ORDERS.filter((_, i) => i !== POISON_LINE - 1);
    expect(normalizeRows(run.sinks.results ?? [])).toEqual(normalizeRows(filter.oracle(others)));
    const letters = await listDeadLetters(run.session.clients.dynamo, resourceNames.table(run.spec.name));
    expect(letters).toHaveLength(1);
    expect(letters[0]!.position).toMatch(new RegExp(`orders\\.jsonl:${POISON_LINE}$`));
    expect(letters[0]!.reason).toMatch(/amount/);
    expect(s1(run.progress).dlq).toBe(1);
  });

  it('dlq replay brings the fixed record back exactly once; a second replay does not duplicate it', async () => {
    const { dynamo, kinesis, lambda } = run.session.clients;
    const table = resourceNames.table(run.spec.name);
    const [letter] = await listDeadLetters(dynamo, table);
    const out = run.spec.stages[0]!.output;
    if (out.kind !== 'sink' || out.sink.kind !== 'single_file') throw new Error('expected a file sink');
    const path = out.sink.path;
    const fixedRows = async () => {
      await assembleFileSink({ spec: run.spec, stageId: 's1', dynamo, table });
      return (await readFile(path, 'utf8'))
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { order_id: number })
        .filter((r) => r.order_id === fixed.order_id);
    };
    const replay = (opts: { fix?: boolean; force?: boolean }) =>
      replayDeadLetters({
        dynamo,
        kinesis,
        lambda,
        pipeline: run.spec.name,
        spec: run.spec,
        ...(opts.fix ? { fixes: [{ ...letter!, raw: JSON.stringify(fixed) }] } : {}),
        ...(opts.force ? { force: true } : {}),
      });
    const before = s1(await run.session.poll());

    const first = await replay({ fix: true });
    expect(first.replayed).toHaveLength(1);
    await until(
      'the replayed record to be processed',
      async () => s1(await run.session.poll()).in > before.in,
    );
    expect(await fixedRows()).toEqual([
      { order_id: fixed.order_id, cust: fixed.customer.toUpperCase(), doubled: 1555 },
    ]);
    expect((await listDeadLetters(dynamo, table))[0]!.replayedAt).toBeDefined();

    // a second replay skips the marked entry
    const second = await replay({});
    expect(second.replayed).toHaveLength(0);
    expect(second.skipped[0]?.reason).toMatch(/already replayed/);

    // even forced, the same replay position is a duplicate for the stage (I4): dropped, not counted
    const dupBefore = s1(await run.session.poll()).dup;
    const forced = await replay({ fix: true, force: true });
    expect(forced.replayed).toHaveLength(1);
    await until(
      'the forced replay to be deduplicated',
      async () => s1(await run.session.poll()).dup > dupBefore,
    );
    expect(await fixedRows()).toHaveLength(1);
  });
});

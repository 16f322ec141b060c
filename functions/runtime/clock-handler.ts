import { z } from 'zod';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeS3 } from '../aws/clients.ts';
import { publishPendingSinks, sinkObjectsOf } from '../connectors/s3/s3-sink-pending.ts';
import { type ClockRunResult, runClock } from './clock-tick.ts';
import { loadSpec, parseEnv, specEnvFields } from './env.ts';

/** The clock function's environment: the stage bundle with `SLUICE_ROLE=clock` and no stage id. */
export const clockEnv = z.object({ SLUICE_ROLE: z.literal('clock'), ...specEnvFields });

export interface ClockResponse {
  readonly at: string;
  readonly ticks: readonly ClockRunResult[];
}

let cold: { key: string; spec: PipelineSpec; run: (nowMs: number) => Promise<ClockRunResult[]> } | undefined;

function clockContext(env: NodeJS.ProcessEnv, baseUrl: string) {
  const key = [env.SLUICE_TABLE, env.SLUICE_SPEC, env.SLUICE_SPEC_FILE, env.AWS_ENDPOINT_URL].join('\u0000');
  if (cold?.key === key) return cold;
  const e = parseEnv(clockEnv, env, 'clock function environment');
  const spec = loadSpec(e, baseUrl);
  const clientOpts = e.AWS_ENDPOINT_URL ? { endpoint: e.AWS_ENDPOINT_URL } : {};
  const dynamo = makeDynamo(clientOpts);
  const kinesis = makeKinesis(clientOpts);
  // filesystem sinks: publish objects committed but not yet published (a crash after a commit, a
  // shard closed by a reshard) and sweep dead staging objects (docs/exactly-once.md).
  const s3 = spec.stages.some((s) => sinkObjectsOf(spec, s) !== undefined) ? makeS3(clientOpts) : undefined;
  const run = async (nowMs: number): Promise<ClockRunResult[]> => {
    const ticks = await runClock({ spec, table: e.SLUICE_TABLE, dynamo, kinesis, nowMs });
    if (s3 === undefined) return ticks;
    const r = await publishPendingSinks({ spec, table: e.SLUICE_TABLE, dynamo, s3 });
    if (r.published + r.swept === 0) return ticks;
    const reason = `filesystem sinks: published ${r.published} object(s), swept ${r.swept} staging object(s)`;
    return [...ticks, { stageId: '*', shardId: '*', result: { kind: 'skipped', reason } }];
  };
  cold = { key, spec, run };
  return cold;
}

/**
 * I6: the scheduled clock (EventBridge rate(1 minute) in the cloud, `LocalClock` locally). The
 * event is ignored except for an optional `nowMs` (tests); the wall clock is read once per run and
 * every decision made from it is committed before it has any effect.
 */
export async function clockHandler(event: unknown): Promise<ClockResponse> {
  const ctx = clockContext(process.env, import.meta.url);
  const parsed = z
    .object({ nowMs: z.number().optional() })
    .passthrough()
    .safeParse(event ?? {});
  const nowMs = parsed.success && parsed.data.nowMs !== undefined ? parsed.data.nowMs : Date.now();
  const ticks = await ctx.run(nowMs);
  return { at: new Date(nowMs).toISOString(), ticks };
}

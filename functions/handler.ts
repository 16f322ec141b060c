import { makeDynamo, makeKinesis } from './aws/clients.ts';
import type { CloudIngestResult } from './connectors/cloud-ingest.ts';
import { isKafkaEsmEvent, kafkaAsKinesisEvent } from './connectors/kafka/kafka-source-event.ts';
import { asyncPrefetcher } from './runtime/async-prefetch.ts';
import { type ClockResponse, clockHandler } from './runtime/clock-handler.ts';
import { loadRuntimeConfig } from './runtime/env.ts';
import { ingestHandler } from './runtime/ingest-handler.ts';
import { createStageContext, type StageContext } from './runtime/stage-context.ts';
import { StageProcessor } from './runtime/stage-processor.ts';
import { installUdfs } from './udf/registry.ts';
import { type KinesisEventRecord, parseKinesisEvent, shardIdOf } from './wire/kinesis-event.ts';

/** The Lambda response with ReportBatchItemFailures. Sluice commits all-or-nothing, so it is empty or it throws. */
export interface KinesisBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

let cold: { key: string; ctx: StageContext } | undefined;

/** Cold start: config, clients and compiled operators, once per container (and per env, for tests). */
function stageContext(): StageContext {
  const env = process.env;
  const key = [
    env.SLUICE_STAGE_ID,
    env.SLUICE_TABLE,
    env.SLUICE_SPEC,
    env.SLUICE_SPEC_FILE,
    env.AWS_ENDPOINT_URL,
  ].join('\u0000');
  if (cold?.key === key) return cold.ctx;
  const config = loadRuntimeConfig(env, import.meta.url);
  const clientOpts = config.endpoint ? { endpoint: config.endpoint } : {};
  const ctx = createStageContext({
    spec: config.spec,
    stageId: config.stageId,
    table: config.table,
    dynamo: makeDynamo(clientOpts),
    kinesis: makeKinesis(clientOpts),
  });
  cold = { key, ctx };
  return ctx;
}

/**
 * The one generic stage handler. Processes each shard's records (an event source mapping sends
 * one shard per batch) and commits exactly once per shard; any failure throws, so the mapping
 * retries and the retry skips whatever did commit (I1).
 */
export const handler = async (
  event: unknown,
  context?: { getRemainingTimeInMillis?: () => number },
): Promise<KinesisBatchResponse | ClockResponse | CloudIngestResult> => {
  // I6: the same bundle runs the pipeline's scheduled clock function (functions/runtime/clock-handler.ts),
  // and in the cloud the ingest function of a nexmark or filesystem source (functions/runtime/ingest-handler.ts).
  if (process.env.SLUICE_ROLE === 'clock') return clockHandler(event);
  if (process.env.SLUICE_ROLE === 'ingest') return ingestHandler(event, context);
  const ctx = stageContext();
  return handleWith(ctx, event);
};

/** The handler body for an explicit stage context (tests, the embedded emulator). */
export async function handleWith(ctx: StageContext, event: unknown): Promise<KinesisBatchResponse> {
  // TypeScript UDFs: resolve the spec's against the bundle (throws if it lacks one), and make a
  // stage that calls async UDFs fetch their results before its synchronous operators run.
  installUdfs(ctx.spec.udfs);
  const prefetch = asyncPrefetcher(ctx);
  const { Records } = isKafkaEsmEvent(event)
    ? kafkaAsKinesisEvent(event, ctx.stage)
    : parseKinesisEvent(event);
  const byShard = new Map<string, KinesisEventRecord[]>();
  for (const r of Records) {
    const shard = shardIdOf(r);
    let list = byShard.get(shard);
    if (list === undefined) {
      list = [];
      byShard.set(shard, list);
    }
    list.push(r);
  }
  for (const [shardId, records] of byShard) {
    const lease = await prefetch?.prefetch(records);
    try {
      await new StageProcessor(ctx, shardId).process(records);
    } finally {
      lease?.release();
    }
  }
  return { batchItemFailures: [] };
}

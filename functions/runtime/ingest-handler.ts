import { z } from 'zod';
import { resourceNames } from '../../compiler/spec/index.ts';
import { makeDynamo, makeKinesis, makeS3 } from '../aws/clients.ts';
import { type CloudIngestResult, runCloudIngest } from '../connectors/cloud-ingest.ts';
import { cloudIngestSource } from '../connectors/cloud-ingest-source.ts';
import { ingestReadsS3 } from '../connectors/ingest-lines.ts';
import { ConfigError } from '../errors.ts';
import { stageById } from '../wire/topology.ts';
import { loadRuntimeConfig } from './env.ts';

/** The event: EventBridge's scheduled event (ignored), or overrides for tests and manual runs. */
const ingestEvent = z
  .object({
    /** Stop starting slices after this long. @default 4 minutes, within the function's timeout */
    budgetMs: z.number().int().positive().optional(),
    sliceEvents: z.number().int().positive().optional(),
    maxSlices: z.number().int().positive().optional(),
  })
  .passthrough();

/** Leave this much of the function's remaining time for the last slice to finish. */
const SAFETY_MS = 60_000;
const DEFAULT_BUDGET_MS = 240_000;

/**
 * The cloud ingest function of a nexmark or filesystem source (`SLUICE_ROLE=ingest`, `SLUICE_STAGE_ID` = the
 * source stage): the same bundle as the stages, on a one-minute schedule. Each run continues the
 * source from its committed position (functions/connectors/cloud-ingest.ts).
 */
export async function ingestHandler(
  event: unknown,
  context?: { getRemainingTimeInMillis?: () => number },
): Promise<CloudIngestResult> {
  const config = loadRuntimeConfig(process.env, import.meta.url);
  const stage = stageById(config.spec, config.stageId);
  if (stage.input.kind !== 'source' || !cloudIngestSource(stage.input.source)) {
    throw new ConfigError(
      `SLUICE_ROLE=ingest needs a stage reading a nexmark or filesystem source; ${stage.id} does not`,
    );
  }
  const e = ingestEvent.safeParse(event ?? {});
  const o = e.success ? e.data : {};
  const remaining = context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
  const budget = Math.min(o.budgetMs ?? DEFAULT_BUDGET_MS, remaining - SAFETY_MS);
  const clientOpts = config.endpoint ? { endpoint: config.endpoint } : {};
  return runCloudIngest({
    spec: config.spec,
    stageId: stage.id,
    table: config.table,
    dynamo: makeDynamo(clientOpts),
    kinesis: makeKinesis(clientOpts),
    ...(ingestReadsS3(stage.input.source) ? { s3: makeS3(clientOpts) } : {}),
    streamName: resourceNames.stream(config.spec.name, stage.input.stream),
    deadlineMs: Date.now() + Math.max(0, budget),
    ...(o.sliceEvents ? { sliceEvents: o.sliceEvents } : {}),
    ...(o.maxSlices ? { maxSlices: o.maxSlices } : {}),
  });
}

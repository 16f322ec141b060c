/**
 * The door of `functions/`: what other rooms (cli/, console/, infra/, localstack/) may read of the
 * stage runtime. Inside, the rooms are layered (docs/internals.md "Code layout"): `wire/` (the
 * envelope and its vocabulary) below `state/`, `aws/`, `operators/` and `connectors/`, and
 * `runtime/` (stage processor, record loop, lineage, clock, handler glue) above them. The Lambda
 * entry is `handler.ts`, bundled by path, not through this door.
 */

// AWS clients, configured for AWS_ENDPOINT_URL (the local stack) or the real endpoint.
export { makeDynamo, makeKinesis, makeLambda, makeS3 } from './aws/clients.ts';
export { putAll } from './aws/put-records.ts';
// Fault injection (`sluice run --chaos`): settings, seeded draws, counters.
export * from './chaos/chaos-config.ts';
export { countsByKind, readChaosCounts } from './chaos/chaos-counters.ts';
export { chaosInt, chaosUnit, pickFault } from './chaos/chaos-rng.ts';
export { CHAOS_USER_AGENT } from './chaos/chaos-seams.ts';
// Sources and sinks a session drives from outside a stage function.
export { cloudIngestSource } from './connectors/cloud-ingest-source.ts';
export { localSinkFile } from './connectors/emit-outputs.ts';
export { ingestFile } from './connectors/file-ingest.ts';
export { assembleFileSink } from './connectors/file-sink-assemble.ts';
export { type IngestEnds, reannounceIngestEos } from './connectors/ingest-eos.ts';
export { ingestPaceRate, ingestReadsS3, localSourceFile } from './connectors/ingest-lines.ts';
export { loadIngestProgress } from './connectors/ingest-progress.ts';
export { nexmarkLines } from './connectors/nexmark/nexmark-lines.ts';
export {
  finalStagePrefix,
  type SinkObjects,
  sinkObjectsOf,
  stagingStagePrefix,
} from './connectors/s3/s3-sink-keys.ts';
export { publishPendingSinks } from './connectors/s3/s3-sink-pending.ts';
export {
  listKeys,
  listSourceKeys,
  type ObjectStart,
  objectPosition,
  s3SourceLines,
} from './connectors/s3/s3-source-lines.ts';
// The clock: which stages the scheduled clock function serves.
export { clockedStages } from './runtime/clock-tick.ts';
// State in DynamoDB: the key scheme, checkpoints (read only), dead letters, paged queries.
export { queryAll } from './state/all-items.ts';
export { listCheckpoints, readFailure } from './state/checkpoint-store.ts';
export { isConditionFailed } from './state/conditional-put.ts';
export { type DeadLetter, listDeadLetters } from './state/dead-letters.ts';
export { keys } from './state/keys.ts';
// The wire: envelopes between stages, watermark bounds, stream names and a stage's bad_data.
export {
  decodeEnvelope,
  type Envelope,
  envelopeRowIds,
  envelopeText,
  forEachEnvelopeRow,
} from './wire/envelope.ts';
export {
  badDataOf,
  inputStreamName,
  type StreamRef,
  stageInputStream,
  stageOutputStream,
} from './wire/topology.ts';
export { WM_MAX, WM_MIN } from './wire/watermark.ts';

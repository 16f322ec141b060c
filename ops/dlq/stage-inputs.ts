import { type KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { type LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import type { DeadLetter } from '../../functions/index.ts';
import { inputStreamName } from '../../functions/index.ts';
import { localSource } from '../connectors/local-facets.ts';

/** How a stage reads its input: ingest envelopes of a file, raw records of a user's stream, or edge envelopes. */
export interface StageInput {
  readonly kind: 'file' | 'kinesis' | 'edge';
  readonly stream: string;
}

/**
 * The input of `stageId`: from the spec when the pipeline was named by its SQL file, else from the
 * stage function's event source mapping and the dead letters' positions (`<path>:<line>` for file
 * sources; a stream outside the pipeline's `sluice-<name>-` streams is a user's kinesis source).
 */
export async function stageInput(
  clients: { lambda: LambdaClient },
  pipeline: string,
  spec: PipelineSpec | undefined,
  stageId: string,
  letters: readonly DeadLetter[],
): Promise<StageInput | undefined> {
  const stage = spec?.stages.find((s) => s.id === stageId);
  if (spec && stage) {
    const stream = inputStreamName(spec, stage);
    if (stage.input.kind === 'edge') return { kind: 'edge', stream };
    return { kind: localSource(stage.input.source).replayAs, stream };
  }
  if (spec) return undefined;
  const res = await clients.lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: resourceNames.function(pipeline, stageId) }),
  );
  const arn = res.EventSourceMappings?.[0]?.EventSourceArn;
  const stream = arn?.split(':stream/')[1];
  if (!stream) return undefined;
  if (!stream.startsWith(`sluice-${pipeline}-`)) return { kind: 'kinesis', stream };
  const fileLike = letters.some((d) => !/\/shardId-[0-9]+\/[0-9]+$/.test(d.position));
  return { kind: fileLike ? 'file' : 'edge', stream };
}

/** The open shard whose hash range holds `shardId`'s start (the dead letter's shard if still open). */
export async function targetHashKey(
  kinesis: KinesisClient,
  stream: string,
  shardId: string,
): Promise<string> {
  const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
  const open = shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined);
  const own = shards.find((s) => s.ShardId === shardId)?.HashKeyRange?.StartingHashKey;
  if (own !== undefined) return own; // Kinesis routes it to the open shard that holds this key now
  return open[0]?.HashKeyRange?.StartingHashKey ?? '0';
}

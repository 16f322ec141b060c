import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import {
  type PipelineSpec,
  parsePipelineSpec,
  resourceNames,
  userSourceStream,
} from '../../compiler/spec/index.ts';
import { RegistryError } from '../errors.ts';

/**
 * The console's pipeline registry: one item per pipeline in its own state table,
 * `pk=CONSOLE`, `sk=SPEC`, holding the PipelineSpec it was deployed from. Pipelines deployed
 * without it (e.g. by `sluice run` in another process, or `cdk deploy`) are still found: their
 * stages and input streams are read from the Lambda functions and event source mappings.
 */
export const REGISTRY_KEY = { pk: 'CONSOLE', sk: 'SPEC' } as const;
const TABLE_PREFIX = 'sluice-';

/** One stage as the console sees it: enough to read its checkpoints, shards and metrics. */
export interface StageRef {
  readonly id: string;
  readonly label: string;
  /** Physical name of the Kinesis stream the stage reads. */
  readonly inputStream: string;
  /** Stages that write its input stream (empty for source stages, or when unknown). */
  readonly upstream: readonly string[];
  readonly functionName: string;
  /** The user's own stream (a kinesis source), not one the pipeline owns. */
  readonly userStream: boolean;
}

export interface PipelineRef {
  readonly name: string;
  readonly table: string;
  /** Null when the pipeline was found from its functions and has no registry item. */
  readonly spec: PipelineSpec | null;
  readonly stages: readonly StageRef[];
  readonly createdAt: string | null;
}

/** Stage references from a spec (the physical names of docs/internals.md). */
export function stagesOf(spec: PipelineSpec): StageRef[] {
  return spec.stages.map((stage) => {
    const input = stage.input;
    const user = input.kind === 'source' ? userSourceStream(input.source) : undefined;
    const userStream = user !== undefined;
    return {
      id: stage.id,
      label: stage.label,
      inputStream: user ?? resourceNames.stream(spec.name, input.stream),
      upstream: input.kind === 'edge' ? input.from : [],
      functionName: resourceNames.function(spec.name, stage.id),
      userStream,
    };
  });
}

export async function registerPipeline(dynamo: DynamoDBClient, spec: PipelineSpec): Promise<void> {
  await dynamo.send(
    new PutItemCommand({
      TableName: resourceNames.table(spec.name),
      Item: {
        pk: { S: REGISTRY_KEY.pk },
        sk: { S: REGISTRY_KEY.sk },
        spec: { S: JSON.stringify(spec) },
        createdAt: { S: new Date().toISOString() },
      },
    }),
  );
}

/** Names of every pipeline whose state table exists on the endpoint. */
export async function listPipelineNames(dynamo: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const res = await dynamo.send(new ListTablesCommand(start ? { ExclusiveStartTableName: start } : {}));
    for (const t of res.TableNames ?? [])
      if (t.startsWith(TABLE_PREFIX)) names.push(t.slice(TABLE_PREFIX.length));
    start = res.LastEvaluatedTableName;
  } while (start);
  return names.sort();
}

/** Reads a pipeline's registry item, or rebuilds its stages from Lambda; throws PIPELINE_NOT_FOUND. */
export async function loadPipelineRef(
  clients: { dynamo: DynamoDBClient; lambda: LambdaClient },
  name: string,
): Promise<PipelineRef> {
  const table = resourceNames.table(name);
  let item: Record<string, AttributeValue> | undefined;
  try {
    const res = await clients.dynamo.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: REGISTRY_KEY.pk }, sk: { S: REGISTRY_KEY.sk } },
        ConsistentRead: true,
      }),
    );
    item = res.Item;
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') {
      throw new RegistryError('PIPELINE_NOT_FOUND', `no pipeline '${name}' (no table ${table})`);
    }
    throw err;
  }
  if (item?.spec?.S) {
    const spec = parsePipelineSpec(JSON.parse(item.spec.S));
    return { name, table, spec, stages: stagesOf(spec), createdAt: item.createdAt?.S ?? null };
  }
  return { name, table, spec: null, stages: await discoverStages(clients.lambda, name), createdAt: null };
}

/** Stages of a pipeline from its functions `sluice-<name>-sN` and their event source mappings. */
async function discoverStages(lambda: LambdaClient, name: string): Promise<StageRef[]> {
  const pattern = new RegExp(`^${resourceNames.function(name, '')}(s[0-9]+)$`);
  const stages: StageRef[] = [];
  let marker: string | undefined;
  do {
    const res = await lambda.send(new ListFunctionsCommand(marker ? { Marker: marker } : {}));
    for (const fn of res.Functions ?? []) {
      const m = pattern.exec(fn.FunctionName ?? '');
      if (!m?.[1] || !fn.FunctionName) continue;
      const maps = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: fn.FunctionName }));
      const arn = maps.EventSourceMappings?.[0]?.EventSourceArn ?? '';
      const inputStream = arn.slice(arn.indexOf(':stream/') + ':stream/'.length);
      stages.push({
        id: m[1],
        label: m[1],
        inputStream,
        upstream: [],
        functionName: fn.FunctionName,
        userStream: !inputStream.startsWith(`sluice-${name}-`),
      });
    }
    marker = res.NextMarker;
  } while (marker);
  return stages.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
}

export function findStage(ref: PipelineRef, stageId: string): StageRef {
  const stage = ref.stages.find((s) => s.id === stageId);
  if (!stage) {
    throw new RegistryError(
      'STAGE_NOT_FOUND',
      `pipeline '${ref.name}' has no stage '${stageId}'; stages: ${ref.stages.map((s) => s.id).join(', ') || 'none'}`,
    );
  }
  return stage;
}

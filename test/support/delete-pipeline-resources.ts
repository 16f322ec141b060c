import { DeleteTableCommand, type DynamoDBClient, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import {
  DeleteStreamCommand,
  type KinesisClient,
  ListStreamsCommand,
  waitUntilStreamNotExists,
} from '@aws-sdk/client-kinesis';
import {
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';

const missing = (err: unknown) => (err as Error).name === 'ResourceNotFoundException';

/**
 * Deletes what a run of pipeline `prefix` (its `sluice-<name>` table, streams and functions, their
 * mappings) and the named user streams left on an endpoint, so a suite can run there again (for
 * `npm run test:localstack` against a long-lived LocalStack). Absent resources are fine.
 */
export async function deletePipelineResources(
  clients: { dynamo: DynamoDBClient; kinesis: KinesisClient; lambda: LambdaClient },
  prefix: string,
  userStreams: readonly string[],
): Promise<void> {
  const { dynamo, kinesis, lambda } = clients;
  const fns = ((await lambda.send(new ListFunctionsCommand({}))).Functions ?? [])
    .map((f) => f.FunctionName ?? '')
    .filter((n) => n.startsWith(`${prefix}-`));
  const mappings = (await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings ?? [];
  for (const m of mappings) {
    if (!fns.some((f) => m.FunctionArn?.endsWith(`:${f}`)) || !m.UUID) continue;
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID })).catch((e) => {
      if (!missing(e)) throw e;
    });
  }
  for (const f of fns) {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: f })).catch((e) => {
      if (!missing(e)) throw e;
    });
  }
  const streams = ((await kinesis.send(new ListStreamsCommand({}))).StreamNames ?? []).filter(
    (s) => s.startsWith(`${prefix}-`) || userStreams.includes(s),
  );
  for (const s of streams) {
    await kinesis.send(new DeleteStreamCommand({ StreamName: s, EnforceConsumerDeletion: true }));
    await waitUntilStreamNotExists({ client: kinesis, maxWaitTime: 60, minDelay: 1 }, { StreamName: s });
  }
  try {
    await dynamo.send(new DeleteTableCommand({ TableName: prefix }));
    await waitUntilTableNotExists({ client: dynamo, maxWaitTime: 60, minDelay: 1 }, { TableName: prefix });
  } catch (err) {
    if (!missing(err)) throw err;
  }
}

import { startDynamoDbLocal } from '../../localstack/dynamodb/dynamodb-local.ts';
import { SHARED_DYNAMODB_ENV } from '../../localstack/dynamodb/dynamodb-namespace.ts';
import { freePort } from '../../localstack/ports.ts';

/**
 * Vitest global setup: one DynamoDB Local (without -sharedDb) for the whole test run, named to
 * every local stack the tests start, in process or through `sluice run`, by
 * SLUICE_DYNAMODB_LOCAL_PORT (localstack/dynamodb/dynamodb-namespace.ts). Each stack keeps its
 * tables in a namespace of its own, so tests stay isolated; the JVM starts once and stays warm,
 * instead of one cold JVM per stack (about 2 s and two cores' worth of JIT each). Tests of the
 * stack's own DynamoDB Local process unset the variable.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env[SHARED_DYNAMODB_ENV]) return async () => undefined;
  const port = await freePort();
  const ddb = await startDynamoDbLocal(port, () => undefined, { sharedDb: false });
  process.env[SHARED_DYNAMODB_ENV] = String(port);
  return async () => {
    delete process.env[SHARED_DYNAMODB_ENV];
    await ddb.stop();
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  InvokeCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ResourceNotFoundException,
  UpdateEventSourceMappingCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKinesis, makeLambda } from '../../../functions/aws/clients.ts';
import { type LocalStack, startLocalStack } from '../../../localstack/index.ts';
import { arnOf, createFixtureFunction, createStream } from './helpers.ts';

const decode = (p: Uint8Array | undefined) =>
  JSON.parse(Buffer.from(p ?? []).toString('utf8')) as Record<string, unknown>;

describe('Lambda API emulator', () => {
  let stack: LocalStack;
  let lambda: LambdaClient;
  const outDir = mkdtempSync(join(tmpdir(), 'sluice-lambda-api-'));
  beforeAll(async () => {
    stack = await startLocalStack({ port: 0 });
    lambda = makeLambda({ endpoint: stack.endpoint });
  });
  afterAll(async () => {
    lambda?.destroy();
    await stack?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('creates, gets, lists and invokes a function from a zip', async () => {
    await createFixtureFunction(lambda, 'echo', { GREETING: 'hello', OUT_DIR: outDir });
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'echo' }));
    expect(got.Configuration).toMatchObject({
      FunctionName: 'echo',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      Handler: 'index.handler',
      State: 'Active',
      Environment: { Variables: { GREETING: 'hello', OUT_DIR: outDir } },
    });
    const list = await lambda.send(new ListFunctionsCommand({}));
    expect(list.Functions?.map((f) => f.FunctionName)).toContain('echo');

    const res = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ echo: 42 }) }),
    );
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBeUndefined();
    expect(decode(res.Payload)).toMatchObject({
      echo: 42,
      greeting: 'hello',
      functionName: 'echo',
      endpoint: stack.endpoint,
    });
  });

  it('reports a thrown error as FunctionError Unhandled', async () => {
    const res = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ fail: 'boom' }) }),
    );
    expect(res.FunctionError).toBe('Unhandled');
    expect(decode(res.Payload)).toMatchObject({ errorType: 'Error', errorMessage: 'boom' });
  });

  it('applies new environment variables and cold-starts after a worker dies', async () => {
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'echo',
        Environment: { Variables: { GREETING: 'bonjour', OUT_DIR: outDir } },
      }),
    );
    const a = decode((await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{}' }))).Payload);
    expect(a.greeting).toBe('bonjour');
    const died = await lambda.send(
      new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ exit: true }) }),
    );
    expect(died.FunctionError).toBe('Unhandled');
    expect(decode(died.Payload).errorType).toBe('Runtime.ExitError');
    const b = decode((await lambda.send(new InvokeCommand({ FunctionName: 'echo', Payload: '{}' }))).Payload);
    expect(b.greeting).toBe('bonjour');
    expect(b.pid).not.toBe(a.pid);
  });

  it('reports a timeout', async () => {
    await createFixtureFunction(lambda, 'slow', { OUT_DIR: outDir }, 1);
    const res = await lambda.send(
      new InvokeCommand({ FunctionName: 'slow', Payload: JSON.stringify({ sleepMs: 1500 }) }),
    );
    expect(res.FunctionError).toBe('Unhandled');
    expect(String(decode(res.Payload).errorMessage)).toMatch(/Task timed out after 1\.00 seconds/);
  });

  it('manages event source mappings', async () => {
    const kinesis = makeKinesis({ endpoint: stack.endpoint });
    await createStream(kinesis, 'esm-api', 1);
    kinesis.destroy();
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'echo',
        EventSourceArn: arnOf('esm-api'),
        StartingPosition: 'LATEST',
        BatchSize: 50,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:dlq' } },
      }),
    );
    expect(created.UUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(created).toMatchObject({
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
      EventSourceArn: arnOf('esm-api'),
      BatchSize: 50,
      MaximumRetryAttempts: -1,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(got.State).toBe('Enabled');
    const list = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: 'echo' }));
    expect(list.EventSourceMappings?.map((m) => m.UUID)).toEqual([created.UUID]);

    await lambda.send(
      new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false, BatchSize: 10 }),
    );
    const disabled = await lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(disabled).toMatchObject({ State: 'Disabled', BatchSize: 10 });

    const bad = await lambda
      .send(
        new CreateEventSourceMappingCommand({
          FunctionName: 'echo',
          EventSourceArn: arnOf('esm-api'),
          StartingPosition: 'LATEST',
          ParallelizationFactor: 2,
        }),
      )
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidParameterValueException);

    const deleted = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    expect(deleted.State).toBe('Deleting');
    const gone = await lambda
      .send(new GetEventSourceMappingCommand({ UUID: created.UUID }))
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
  });

  it('deletes a function', async () => {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'slow' }));
    const err = await lambda.send(new GetFunctionCommand({ FunctionName: 'slow' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
  });
});

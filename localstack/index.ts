import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from './dynamodb/dynamodb-local.ts';
import {
  checkSharedDynamo,
  dropNamespace,
  newNamespace,
  sharedDynamoPortFromEnv,
} from './dynamodb/dynamodb-namespace.ts';
import type { FaultInjector } from './fault-injector.ts';
import { startGateway } from './gateway/gateway.ts';
import type { GatewayFaultInjector } from './gateway/gateway-faults.ts';
import { newAgent } from './gateway/proxy.ts';
import { startKinesalite } from './kinesis/kinesalite-server.ts';
import { KinesisGateway } from './kinesis/kinesis-gateway.ts';
import { KinesisRawClient } from './kinesis/kinesis-raw-client.ts';
import { LambdaEmulator } from './lambda/lambda-emulator.ts';
import { freePort } from './ports.ts';
import { S3Emulator } from './s3/s3-emulator.ts';
import { S3Store } from './s3/s3-store.ts';
import { UsageMeter, type UsageTotals } from './usage-meter.ts';

export { LocalChaos } from './chaos/local-chaos.ts';
export { deployAssembly } from './deploy-assembly.ts';
export { JavaMissingError, LocalStackError, PortInUseError, ServiceStartError } from './errors.ts';
export type {
  AfterInvokeFault,
  BeforeInvokeFault,
  FaultContext,
  FaultInjector,
  InvokeOutcome,
} from './fault-injector.ts';
export { noFaults } from './fault-injector.ts';
export type { GatewayFault, GatewayFaultInjector, GatewayRequestInfo } from './gateway/gateway-faults.ts';
export { type GuardOptions, isLoopbackHost, type Refusal, refusal } from './gateway/request-guard.ts';
export { type KafkaPeer, KafkaPeerUnreachableError, kafkaPeerFor, startKafkaMock } from './kafka/index.ts';
export type { FailedBatchRecord, MappingStats, ShardStats } from './lambda/esm/stats.ts';
export type { LambdaEmulator } from './lambda/lambda-emulator.ts';
export { type S3Server, startS3Server } from './s3/s3-server.ts';
export type { UsageTotals } from './usage-meter.ts';

export interface LocalStackOptions {
  /** Gateway port on 127.0.0.1. @default 4566; 0 picks a free port. */
  readonly port?: number;
  /** Where function code is unpacked. @default a fresh temp dir, removed by stop(). */
  readonly dataDir?: string;
  /**
   * The S3 emulator's storage: `<s3Dir>/<bucket>/<key>`, one file per object (a folder of files
   * can be served as a bucket). Kept by stop() when given. @default `<dataDir>/s3`
   */
  readonly s3Dir?: string;
  /** Start the Lambda emulator. @default true */
  readonly lambda?: boolean;
  readonly log?: (line: string) => void;
  /** Consulted by the ESM pollers around every invocation. @default noFaults */
  readonly faults?: FaultInjector;
  /** Consulted by the gateway for DynamoDB calls and PutRecords (`--chaos`). @default none */
  readonly gatewayFaults?: GatewayFaultInjector;
  /**
   * Use the DynamoDB Local already running on this port (started without `-sharedDb`) instead of
   * starting one: the stack keeps its tables in a namespace of its own and drops them at stop.
   * @default SLUICE_DYNAMODB_LOCAL_PORT if set, else a DynamoDB Local of the stack's own
   */
  readonly dynamoDbLocalPort?: number;
  /**
   * Meter what AWS would bill (usage-meter.ts): DynamoDB consumed capacity of every call, Lambda
   * requests and GB-seconds. Buffers each DynamoDB call in the gateway. @default false
   */
  readonly meterUsage?: boolean;
}

export interface LocalStack {
  /** e.g. `http://127.0.0.1:4566`: use as AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  readonly lambda: LambdaEmulator | undefined;
  /** The metered usage so far, with `meterUsage`; undefined without. */
  usage(): UsageTotals | undefined;
  /** Stops everything this stack started (java, kinesalite, workers, pollers, servers). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local, kinesalite, the S3 emulator and (by default) the Lambda emulator behind
 * one endpoint.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const log = opts.log ?? (() => undefined);
  const ownDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sluice-localstack-'));
  await mkdir(dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        log(`[localstack] stop: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const sharedPort = opts.dynamoDbLocalPort ?? sharedDynamoPortFromEnv();
    // Always a namespace of the stack's own (a random access key): whoever reaches DynamoDB Local's
    // port without going through the gateway sees an empty database of their own (docs/security.md).
    const namespace = newNamespace();
    const [dynamoPort, kinesisPort] = await Promise.all([sharedPort ?? freePort(), freePort()]);
    const [dynamoR, kinesaliteR] = await Promise.allSettled([
      sharedPort !== undefined
        ? checkSharedDynamo(dynamoPort).then(() => {
            // pushed first, so it runs last: after everything that writes to the tables stopped
            stops.push(async () => void (await dropNamespace(dynamoPort, namespace)));
          })
        : startDynamoDbLocal(dynamoPort, log, { sharedDb: false }).then((d) => {
            stops.push(d.stop);
            return d;
          }),
      startKinesalite(kinesisPort).then((k) => {
        stops.push(k.stop);
        return k;
      }),
    ]);
    if (dynamoR.status === 'rejected') throw dynamoR.reason;
    if (kinesaliteR.status === 'rejected') throw kinesaliteR.reason;
    const kinesisClient = new KinesisRawClient(kinesisPort);
    stops.push(async () => kinesisClient.close());

    const meter = opts.meterUsage ? new UsageMeter() : undefined;
    const s3Dir = opts.s3Dir ?? join(dataDir, 's3');
    await mkdir(s3Dir, { recursive: true });
    let lambda: LambdaEmulator | undefined;
    let endpoint = '';
    const gateway = await startGateway({
      port: opts.port ?? 4566,
      dynamoPort,
      kinesis: new KinesisGateway(kinesisPort, newAgent(), kinesisClient, opts.gatewayFaults),
      lambda:
        opts.lambda === false
          ? undefined
          : {
              handle: (req, res) =>
                lambda
                  ? lambda.handle(req, res)
                  : Promise.reject(new Error('the Lambda emulator is starting')),
            },
      s3: new S3Emulator(new S3Store(s3Dir)),
      health: () => ({
        ok: true,
        endpoint,
        dynamodb: dynamoPort,
        dynamodbNamespace: namespace,
        kinesis: kinesisPort,
        lambda: lambda !== undefined,
        s3: s3Dir,
      }),
      log,
      ...(opts.gatewayFaults ? { faults: opts.gatewayFaults } : {}),
      dynamoNamespace: namespace,
      ...(meter ? { meter } : {}),
    });
    stops.push(gateway.stop);
    endpoint = `http://127.0.0.1:${gateway.port}`;
    if (opts.lambda !== false) {
      const emulator = new LambdaEmulator({
        endpoint,
        dataDir,
        kinesis: kinesisClient,
        log,
        faults: opts.faults,
        ...(meter ? { meter } : {}),
      });
      lambda = emulator;
      // pushed last, so it stops first: pollers and workers before the servers they talk to
      stops.push(() => emulator.stop());
    }
    log(`[localstack] ready at ${endpoint}`);
    let stopped: Promise<void> | undefined;
    return { endpoint, lambda, usage: () => meter?.totals(), stop: () => (stopped ??= stopAll()) };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeS3 } from '../../functions/index.ts';
import { type FaultInjector, noFaults } from '../fault-injector.ts';
import { isKafkaMappingBody, kafkaMapping } from '../kafka/kafka-mapping.ts';
import type { KinesisRawClient } from '../kinesis/kinesis-raw-client.ts';
import { streamNameFromArn } from '../kinesis/shards.ts';
import type { UsageMeter } from '../usage-meter.ts';
import { routeLambdaApi } from './api-router.ts';
import { functionArn, functionNameOf } from './arns.ts';
import type { KafkaPoller } from './esm/kafka-poller.ts';
import type { EventSourceMappingConfiguration } from './esm/mapping-config.ts';
import { newMappingArn } from './esm/mapping-config.ts';
import { MappingRunner } from './esm/mapping-runner.ts';
import { failedRecordKey, failedRecordObject, s3DestinationBucket } from './esm/s3-destination.ts';
import type { FailedBatchRecord, MappingStats } from './esm/stats.ts';
import { FunctionRegistry } from './function-registry.ts';
import type { InvokeResult } from './function-worker.ts';
import { invalid, LambdaApiError, notFound } from './http.ts';
import type { CreateEventSourceMappingBody, UpdateEventSourceMappingBody } from './schemas.ts';

export interface LambdaEmulatorOptions {
  readonly endpoint: string;
  readonly dataDir: string;
  readonly kinesis: KinesisRawClient;
  readonly log: (line: string) => void;
  readonly faults: FaultInjector | undefined;
  /** Counts invocations and their GB-seconds. @default none */
  readonly meter?: UsageMeter;
}

/**
 * sluice's Lambda emulator: the Lambda REST API (functions, Invoke, event source mappings), a
 * worker process per function, and Kinesis ESM pollers with AWS's documented semantics.
 */
export class LambdaEmulator {
  readonly functions: FunctionRegistry;
  readonly #opts: LambdaEmulatorOptions;
  readonly #mappings = new Map<string, MappingRunner>();
  readonly #kafka = new Map<string, KafkaPoller>();
  readonly #failed: FailedBatchRecord[] = [];
  #stopped = false;
  #s3: S3Client | undefined;

  constructor(opts: LambdaEmulatorOptions) {
    this.#opts = opts;
    this.functions = new FunctionRegistry({
      dataDir: opts.dataDir,
      endpoint: opts.endpoint,
      log: opts.log,
      ...(opts.meter ? { meter: opts.meter } : {}),
    });
  }

  /** Serves one `/2015-03-31/…` request. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return routeLambdaApi(this, req, res);
  }

  /** Invokes a function synchronously (what Invoke with RequestResponse does). */
  invoke(nameOrArn: string, event: string): Promise<InvokeResult> {
    if (this.#stopped) throw new LambdaApiError('ServiceException', 'the Lambda emulator is stopped', 500);
    return this.functions.invoke(nameOrArn, event);
  }

  /** Batches the pollers gave up on (retries exhausted or records too old), oldest first. */
  failedBatches(): readonly FailedBatchRecord[] {
    return [...this.#failed];
  }

  /** Per-mapping, per-shard progress. */
  stats(): MappingStats[] {
    return [...this.#mappings.values()].map((m) => m.stats());
  }

  /** Process ids of the live function workers. */
  workerPids(): number[] {
    return this.functions.workerPids();
  }

  async createMapping(body: CreateEventSourceMappingBody): Promise<EventSourceMappingConfiguration> {
    const fn = this.functions.get(body.FunctionName);
    if (isKafkaMappingBody(body)) return this.#createKafkaMapping(body, fn.FunctionArn);
    const streamName = streamNameFromArn(body.EventSourceArn ?? '');
    if (!streamName)
      throw invalid(`EventSourceArn must be a Kinesis stream ARN (got ${body.EventSourceArn})`);
    if (body.ParallelizationFactor !== undefined && body.ParallelizationFactor !== 1) {
      throw invalid('ParallelizationFactor other than 1 is not supported by the sluice local stack.');
    }
    if (body.TumblingWindowInSeconds)
      throw invalid('TumblingWindowInSeconds is not supported by the sluice local stack.');
    if (body.StartingPosition === 'AT_TIMESTAMP' && body.StartingPositionTimestamp === undefined) {
      throw invalid('StartingPositionTimestamp is required with StartingPosition AT_TIMESTAMP');
    }
    try {
      await this.#opts.kinesis.call('DescribeStreamSummary', { StreamName: streamName });
    } catch {
      throw invalid(`Stream not found: ${body.EventSourceArn}`);
    }
    const uuid = randomUUID();
    const config: EventSourceMappingConfiguration = {
      UUID: uuid,
      EventSourceMappingArn: newMappingArn(uuid),
      EventSourceArn: body.EventSourceArn ?? '',
      FunctionArn: fn.FunctionArn,
      StartingPosition: body.StartingPosition,
      ...(body.StartingPositionTimestamp !== undefined
        ? { StartingPositionTimestamp: body.StartingPositionTimestamp }
        : {}),
      BatchSize: body.BatchSize ?? 100,
      MaximumBatchingWindowInSeconds: body.MaximumBatchingWindowInSeconds ?? 0,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: body.BisectBatchOnFunctionError ?? false,
      MaximumRetryAttempts: body.MaximumRetryAttempts ?? -1,
      MaximumRecordAgeInSeconds: body.MaximumRecordAgeInSeconds ?? -1,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: body.FunctionResponseTypes ?? [],
      DestinationConfig: { OnFailure: { ...(body.DestinationConfig?.OnFailure ?? {}) } },
      LastModified: Date.now() / 1000,
      LastProcessingResult: 'No records processed',
      State: 'Enabled',
      StateTransitionReason: 'USER_INITIATED',
    };
    const runner = new MappingRunner(config, {
      kinesis: this.#opts.kinesis,
      streamName,
      invoke: async (arn, event) =>
        this.functions.has(arn) && !this.#stopped ? this.functions.invoke(arn, event) : undefined,
      invokeIdentityArn: (arn) => (this.functions.has(arn) ? this.functions.get(arn).Role : ''),
      faults: this.#opts.faults ?? noFaults,
      onFailed: async (r, event) => {
        const bucket = s3DestinationBucket(r.destination);
        if (bucket !== undefined) {
          this.#s3 ??= makeS3({ endpoint: this.#opts.endpoint });
          await this.#s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: failedRecordKey(r.mappingUuid, r.KinesisBatchInfo.shardId, new Date(r.timestamp)),
              Body: failedRecordObject(r, event),
              ContentType: 'application/json',
            }),
          );
        }
        this.#failed.push(r);
      },
      log: this.#opts.log,
    });
    this.#mappings.set(uuid, runner);
    if (body.Enabled !== false) runner.start();
    else config.State = 'Disabled';
    return { ...config, State: body.Enabled === false ? 'Disabled' : 'Creating' };
  }

  /** A Kafka mapping: the Kafka poller, started now; listed nowhere else (kafka-mapping.ts). */
  async #createKafkaMapping(
    body: CreateEventSourceMappingBody,
    functionArn: string,
  ): Promise<EventSourceMappingConfiguration> {
    const uuid = randomUUID();
    const poller = kafkaMapping(body, {
      uuid,
      invoke: async (event) =>
        this.functions.has(functionArn) && !this.#stopped
          ? this.functions.invoke(functionArn, event)
          : undefined,
      faults: this.#opts.faults ?? noFaults,
      log: this.#opts.log,
    });
    this.#kafka.set(uuid, poller);
    await poller.start();
    const servers = body.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS ?? [];
    return {
      UUID: uuid,
      EventSourceMappingArn: newMappingArn(uuid),
      EventSourceArn: body.EventSourceArn ?? `kafka://${servers.join(',')}`,
      FunctionArn: functionArn,
      StartingPosition: body.StartingPosition,
      BatchSize: body.BatchSize ?? 100,
      MaximumBatchingWindowInSeconds: body.MaximumBatchingWindowInSeconds ?? 0,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
      DestinationConfig: { OnFailure: {} },
      LastModified: Date.now() / 1000,
      LastProcessingResult: 'No records processed',
      State: 'Enabled',
      StateTransitionReason: 'USER_INITIATED',
    };
  }

  getMapping(uuid: string): EventSourceMappingConfiguration {
    return { ...this.#runner(uuid).config };
  }

  listMappings(filter: {
    functionName?: string;
    eventSourceArn?: string;
  }): EventSourceMappingConfiguration[] {
    const fnArn =
      filter.functionName === undefined ? undefined : functionArn(functionNameOf(filter.functionName));
    return [...this.#mappings.values()]
      .map((m) => m.config)
      .filter(
        (c) =>
          (fnArn === undefined || c.FunctionArn === fnArn) &&
          (filter.eventSourceArn ?? c.EventSourceArn) === c.EventSourceArn,
      )
      .map((c) => ({ ...c }));
  }

  async updateMapping(
    uuid: string,
    body: UpdateEventSourceMappingBody,
  ): Promise<EventSourceMappingConfiguration> {
    const runner = this.#runner(uuid);
    const c = runner.config;
    if (body.ParallelizationFactor !== undefined && body.ParallelizationFactor !== 1) {
      throw invalid('ParallelizationFactor other than 1 is not supported by the sluice local stack.');
    }
    if (body.TumblingWindowInSeconds)
      throw invalid('TumblingWindowInSeconds is not supported by the sluice local stack.');
    if (body.FunctionName !== undefined) c.FunctionArn = this.functions.get(body.FunctionName).FunctionArn;
    if (body.BatchSize !== undefined) c.BatchSize = body.BatchSize;
    if (body.MaximumBatchingWindowInSeconds !== undefined)
      c.MaximumBatchingWindowInSeconds = body.MaximumBatchingWindowInSeconds;
    if (body.BisectBatchOnFunctionError !== undefined)
      c.BisectBatchOnFunctionError = body.BisectBatchOnFunctionError;
    if (body.MaximumRetryAttempts !== undefined) c.MaximumRetryAttempts = body.MaximumRetryAttempts;
    if (body.MaximumRecordAgeInSeconds !== undefined)
      c.MaximumRecordAgeInSeconds = body.MaximumRecordAgeInSeconds;
    if (body.FunctionResponseTypes !== undefined) c.FunctionResponseTypes = body.FunctionResponseTypes;
    if (body.DestinationConfig?.OnFailure !== undefined)
      c.DestinationConfig = { OnFailure: { ...body.DestinationConfig.OnFailure } };
    c.LastModified = Date.now() / 1000;
    if (body.Enabled === false && runner.running) {
      c.State = 'Disabled';
      await runner.stop();
      return { ...c, State: 'Disabling' };
    }
    if (body.Enabled === true && !runner.running) {
      c.State = 'Enabled';
      runner.start();
      return { ...c, State: 'Enabling' };
    }
    return { ...c, State: 'Updating' };
  }

  async deleteMapping(uuid: string): Promise<EventSourceMappingConfiguration> {
    const runner = this.#runner(uuid);
    this.#mappings.delete(uuid);
    await runner.stop();
    return { ...runner.config, State: 'Deleting' };
  }

  #runner(uuid: string): MappingRunner {
    const runner = this.#mappings.get(uuid);
    if (!runner) throw notFound(`The resource you requested does not exist. (Event source mapping ${uuid})`);
    return runner;
  }

  /** Stops every poller, then every worker process. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const runners = [...this.#mappings.values(), ...this.#kafka.values()];
    const stopping = Promise.all(runners.map((r) => r.stop()));
    await this.functions.stop(); // fails in-flight invocations, so pollers return promptly
    await stopping;
    this.#s3?.destroy();
  }
}

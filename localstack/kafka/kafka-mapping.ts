import type { FaultInjector } from '../fault-injector.ts';
import type { KafkaFailedBatch, KafkaPollerSettings } from '../lambda/esm/kafka-poller.ts';
import { KafkaPoller } from '../lambda/esm/kafka-poller.ts';
import type { InvokeResult } from '../lambda/function-worker.ts';

/** The Kafka fields of CreateEventSourceMapping (a self-managed cluster, or MSK by its ARN). */
export interface KafkaMappingBody {
  readonly FunctionName: string;
  readonly EventSourceArn?: string | undefined;
  readonly Topics?: readonly string[] | undefined;
  readonly StartingPosition?: string | undefined;
  readonly BatchSize?: number | undefined;
  readonly MaximumBatchingWindowInSeconds?: number | undefined;
  readonly SelfManagedEventSource?: { readonly Endpoints?: Record<string, readonly string[]> } | undefined;
  readonly SelfManagedKafkaEventSourceConfig?: { readonly ConsumerGroupId?: string } | undefined;
  readonly AmazonManagedKafkaEventSourceConfig?: { readonly ConsumerGroupId?: string } | undefined;
}

/** Whether a CreateEventSourceMapping body is a Kafka one. */
export const isKafkaMappingBody = (b: {
  readonly SelfManagedEventSource?: unknown;
  readonly Topics?: unknown;
}): boolean => b.SelfManagedEventSource !== undefined || b.Topics !== undefined;

export interface KafkaMappingOptions {
  readonly uuid: string;
  readonly invoke: (event: string) => Promise<InvokeResult | undefined>;
  /** Local broker addresses used instead of the mapping's (an MSK mapping names no servers). */
  readonly brokers?: readonly string[];
  readonly faults: FaultInjector;
  readonly onFailed?: (failed: KafkaFailedBatch, event: string) => Promise<void>;
  readonly log?: ((line: string) => void) | undefined;
}

/**
 * A Kafka event source mapping of the local Lambda emulator: the Kafka poller (esm/kafka-poller.ts)
 * over the mapping's bootstrap servers, topic and group, with AWS's Kafka defaults (infinite
 * retries, no maximum record age, no bisect: a failed batch is re-delivered whole). The emulator's
 * fault injector may fake a lost result after a success (`redeliver`), so the same batch is
 * delivered again, as AWS may do.
 */
export function kafkaMapping(body: KafkaMappingBody, o: KafkaMappingOptions): KafkaPoller {
  const topic = body.Topics?.[0];
  if (topic === undefined || (body.Topics?.length ?? 0) !== 1)
    throw new Error('a Kafka event source mapping needs exactly one topic (Topics)');
  const brokers = o.brokers ?? body.SelfManagedEventSource?.Endpoints?.KAFKA_BOOTSTRAP_SERVERS ?? [];
  if (brokers.length === 0) throw new Error('a Kafka event source mapping needs KAFKA_BOOTSTRAP_SERVERS');
  const groupId =
    body.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId ??
    body.AmazonManagedKafkaEventSourceConfig?.ConsumerGroupId ??
    o.uuid;
  const settings: KafkaPollerSettings = {
    batchSize: body.BatchSize ?? 100,
    windowMs: (body.MaximumBatchingWindowInSeconds ?? 0) * 1000,
    bisect: false,
    maxRetries: -1,
    maxRecordAgeMs: undefined,
    reportBatchItemFailures: false,
    destination: undefined,
  };
  let invokes = 0;
  return new KafkaPoller({
    brokers,
    topic,
    groupId,
    startingPosition: body.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
    source:
      body.EventSourceArn !== undefined
        ? { eventSource: 'aws:kafka', eventSourceArn: body.EventSourceArn, bootstrapServers: brokers }
        : { eventSource: 'SelfManagedKafka', bootstrapServers: brokers },
    settings: () => settings,
    invoke: async (event) => {
      const res = await o.invoke(event);
      const ctx = {
        functionName: body.FunctionName,
        mappingUuid: o.uuid,
        shardId: topic,
        firstSequenceNumber: '0',
        lastSequenceNumber: '0',
        recordCount: 0,
        invokes: invokes++,
      };
      if (res?.kind === 'ok' && o.faults.afterInvoke(ctx, 'success').kind === 'redeliver')
        return {
          kind: 'error',
          requestId: res.requestId,
          timedOut: false,
          error: {
            errorType: 'InjectedFault',
            errorMessage: 'result lost (injected): the batch is delivered again',
          },
        } as InvokeResult;
      return res;
    },
    ...(o.onFailed ? { onFailed: o.onFailed } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
}

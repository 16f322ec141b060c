/** Progress of one shard of one event source mapping (for the CLI's progress display). */
export interface ShardStats {
  readonly shardId: string;
  state: 'polling' | 'invoking' | 'backing-off' | 'closed' | 'stopped';
  /** Invocations that completed successfully (possibly after retries). */
  batches: number;
  /** Records delivered in successful invocations. */
  records: number;
  /** Failed invocations (function errors, timeouts, malformed or partial-failure responses). */
  errors: number;
  /** Batches given up and reported to the on-failure list. */
  discardedBatches: number;
  /** The last sequence number processed successfully or skipped (the shard's checkpoint). */
  lastSequenceNumber: string | undefined;
  /** Age of the last record of the last invoked batch when it was invoked (AWS's IteratorAge). */
  iteratorAgeMs: number;
  /** MillisBehindLatest of the last GetRecords (kinesalite reports 0 unless the shard is closed). */
  millisBehindLatest: number;
}

export interface MappingStats {
  readonly uuid: string;
  readonly functionName: string;
  readonly eventSourceArn: string;
  readonly state: 'Enabled' | 'Disabled';
  readonly shards: readonly ShardStats[];
}

/**
 * What Lambda sends to an SQS/SNS on-failure destination for a Kinesis batch. The emulator keeps
 * these in memory (`LambdaEmulator.failedBatches()`), whether or not a destination is configured,
 * and writes them with their records to an S3 destination (s3-destination.ts).
 */
export interface FailedBatchRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: '$LATEST';
    readonly functionError: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  /** The mapping and its configured destination (S3: delivered; SQS/SNS: kept in memory only). */
  readonly mappingUuid: string;
  readonly destination: string | undefined;
}

export function newShardStats(shardId: string): ShardStats {
  return {
    shardId,
    state: 'polling',
    batches: 0,
    records: 0,
    errors: 0,
    discardedBatches: 0,
    lastSequenceNumber: undefined,
    iteratorAgeMs: 0,
    millisBehindLatest: 0,
  };
}

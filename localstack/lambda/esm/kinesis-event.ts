import { REGION } from '../arns.ts';
import { readBatchItemFailures } from './batch-item-failures.ts';

/** A record as kinesalite's GetRecords returns it (awsJson: Data is base64, timestamp in seconds). */
export interface KinesisRecord {
  readonly SequenceNumber: string;
  readonly PartitionKey: string;
  readonly Data: string;
  readonly ApproximateArrivalTimestamp: number;
}

/** Approximate bytes a record adds to the event JSON (data + fixed fields). */
export const eventBytes = (r: KinesisRecord): number => r.Data.length + r.PartitionKey.length + 420;

/** Lambda's synchronous invocation payload limit, less a margin for the envelope. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 - 16 * 1024;

/** The Kinesis event exactly as a Lambda event source mapping delivers it. */
export function kinesisEvent(
  records: readonly KinesisRecord[],
  shardId: string,
  eventSourceArn: string,
  invokeIdentityArn: string,
): string {
  return JSON.stringify({
    Records: records.map((r) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: r.PartitionKey,
        sequenceNumber: r.SequenceNumber,
        data: r.Data,
        approximateArrivalTimestamp: r.ApproximateArrivalTimestamp,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shardId}:${r.SequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn,
      awsRegion: REGION,
      eventSourceARN: eventSourceArn,
    })),
  });
}

/** How a ReportBatchItemFailures response reads. */
export type BatchResponse =
  | { readonly kind: 'success' }
  /** Restart from this index of the batch (the lowest failed sequence number). */
  | { readonly kind: 'partial'; readonly fromIndex: number }
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Reads a function's response under ReportBatchItemFailures, following AWS: null, `{}`, or an empty
 * or null `batchItemFailures` is full success (batch-item-failures.ts); an item without a valid
 * `itemIdentifier` of this batch makes the response malformed (the whole batch failed).
 */
export function readBatchResponse(payload: string, records: readonly KinesisRecord[]): BatchResponse {
  const read = readBatchItemFailures(payload);
  if (read.kind !== 'failed') return read;
  let lowest = Number.POSITIVE_INFINITY;
  for (const id of read.identifiers) {
    if (typeof id !== 'string' || id === '')
      return { kind: 'malformed', reason: 'itemIdentifier missing or empty' };
    const ix = records.findIndex((r) => r.SequenceNumber === id);
    if (ix < 0) return { kind: 'malformed', reason: `itemIdentifier ${id} is not in the batch` };
    lowest = Math.min(lowest, ix);
  }
  return { kind: 'partial', fromIndex: lowest };
}

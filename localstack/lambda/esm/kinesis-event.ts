import { REGION } from '../arns.ts';

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
 * or null `batchItemFailures` is full success; an item without a valid `itemIdentifier` of this
 * batch makes the response malformed (the whole batch failed).
 */
export function readBatchResponse(payload: string, records: readonly KinesisRecord[]): BatchResponse {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return { kind: 'malformed', reason: 'response is not JSON' };
  }
  if (body === null || typeof body !== 'object') return { kind: 'success' };
  const failures = (body as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'malformed', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  let lowest = Number.POSITIVE_INFINITY;
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '')
      return { kind: 'malformed', reason: 'itemIdentifier missing or empty' };
    const ix = records.findIndex((r) => r.SequenceNumber === id);
    if (ix < 0) return { kind: 'malformed', reason: `itemIdentifier ${id} is not in the batch` };
    lowest = Math.min(lowest, ix);
  }
  return { kind: 'partial', fromIndex: lowest };
}

import { randomUUID } from 'node:crypto';
import type { FailedBatchRecord } from './stats.ts';

/** The bucket of an S3 on-failure destination (`arn:aws:s3:::<bucket>`); undefined for SQS/SNS. */
export function s3DestinationBucket(destination: string | undefined): string | undefined {
  const m = destination === undefined ? null : /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(destination);
  return m?.[1];
}

/**
 * The key Lambda gives an on-failure record in an S3 destination:
 * `aws/lambda/<mapping uuid>/<shard id>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`.
 */
export function failedRecordKey(mappingUuid: string, shardId: string, at: Date): string {
  const iso = at.toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '/');
  const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 19).replaceAll(':', '.')}`;
  return `aws/lambda/${mappingUuid}/${shardId}/${day}/${stamp}-${randomUUID()}`;
}

/**
 * The object an S3 destination receives: the invocation record (as SQS/SNS get it) plus the
 * `payload`, the event the function was invoked with: the records themselves, base64 data included.
 */
export function failedRecordObject(record: FailedBatchRecord, event: string): string {
  const { mappingUuid: _uuid, destination: _destination, ...invocationRecord } = record;
  return JSON.stringify({ ...invocationRecord, payload: JSON.parse(event) as unknown });
}

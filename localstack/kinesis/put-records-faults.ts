import type { KinesisRawClient } from './kinesis-raw-client.ts';

interface PutRecordsResultEntry {
  readonly SequenceNumber?: string;
  readonly ShardId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}

interface PutRecordsOutput {
  readonly FailedRecordCount?: number;
  readonly Records: PutRecordsResultEntry[];
  readonly EncryptionType?: string;
}

/**
 * PutRecords with a partial failure, as Kinesis answers when some shards are over their limits:
 * the entries at `failing` are NOT written and come back with `ProvisionedThroughputExceededException`;
 * the others are written (in one request to kinesalite) and answered in their original positions.
 */
export async function putRecordsWithFailures(
  client: KinesisRawClient,
  body: { readonly StreamName: string; readonly Records: readonly unknown[] } & Record<string, unknown>,
  failing: ReadonlySet<number>,
): Promise<PutRecordsOutput> {
  const kept = body.Records.filter((_, i) => !failing.has(i));
  const written =
    kept.length === 0
      ? { Records: [] as PutRecordsResultEntry[] }
      : await client.call<PutRecordsOutput>('PutRecords', { ...body, Records: kept });
  let next = 0;
  let failed = 0;
  const records = body.Records.map((_, i): PutRecordsResultEntry => {
    if (!failing.has(i)) {
      const r = written.Records[next++] ?? {};
      if (r.ErrorCode) failed++;
      return r;
    }
    failed++;
    return {
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage: `Rate exceeded for shard in stream ${body.StreamName} under account 000000000000 (sluice chaos).`,
    };
  });
  return { FailedRecordCount: failed, Records: records, EncryptionType: written.EncryptionType ?? 'NONE' };
}

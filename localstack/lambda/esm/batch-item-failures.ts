/** A ReportBatchItemFailures response as far as the Kinesis and Kafka pollers read it alike. */
export type BatchItemFailures =
  | { readonly kind: 'success' }
  | { readonly kind: 'malformed'; readonly reason: string }
  /** The `itemIdentifier` of each failure, unchecked: its shape is the event source's. */
  | { readonly kind: 'failed'; readonly identifiers: readonly unknown[] };

/**
 * Reads a function's response under ReportBatchItemFailures, following AWS: null, `{}`, or an empty
 * or null `batchItemFailures` is full success; a body that is not JSON or a `batchItemFailures`
 * that is not a list is malformed (the whole batch failed).
 */
export function readBatchItemFailures(payload: string): BatchItemFailures {
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
  return {
    kind: 'failed',
    identifiers: failures.map((f) => (f as { itemIdentifier?: unknown } | null)?.itemIdentifier),
  };
}

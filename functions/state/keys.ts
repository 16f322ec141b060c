/** The DynamoDB key scheme of the pipeline table (docs/internals.md "DynamoDB key scheme"). */
export const keys = {
  checkpoint: (stageId: string, shardId: string) => ({ pk: `CP#${stageId}`, sk: shardId }),
  checkpointPk: (stageId: string) => `CP#${stageId}`,
  statePk: (stageId: string, shardId: string) => `ST#${stageId}#${shardId}`,
  stateSk: (epoch: number, attemptId: string, kg: number, chunk: number) =>
    `${epochKey(epoch)}#${attemptId}#${kg}#${chunk}`,
  deadLetter: (stageId: string, shardId: string, seq: string, index: number) => ({
    pk: `DLQ#${stageId}`,
    sk: `${shardId}#${seq}#${index}`,
  }),
  deadLetterPk: (stageId: string) => `DLQ#${stageId}`,
  failure: { pk: 'PIPELINE', sk: 'FAILURE' },
  /** A cloud ingest function's committed position (generator sources, ingest-progress.ts). */
  ingest: (stageId: string) => ({ pk: `IN#${stageId}`, sk: 'progress' }),
  ingestPk: (stageId: string) => `IN#${stageId}`,
};

/** 12-digit zero-padded epoch, so page sort keys order by epoch. */
export const epochKey = (epoch: number): string => String(epoch).padStart(12, '0');

/** A page reference in the checkpoint's `kg` map: `<pk>|<sk of chunk 0>`. */
export const pageRef = (pk: string, sk: string): string => `${pk}|${sk}`;

export function parsePageRef(ref: string): { pk: string; sk: string } {
  const bar = ref.indexOf('|');
  return { pk: ref.slice(0, bar), sk: ref.slice(bar + 1) };
}

/** Approximate DynamoDB item size in bytes (names + values), for write-unit accounting. */
export function itemBytes(item: Record<string, { S?: string; N?: string; B?: Uint8Array }>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) {
    n += Buffer.byteLength(k);
    if (v.S !== undefined) n += Buffer.byteLength(v.S);
    else if (v.N !== undefined) n += v.N.length;
    else if (v.B !== undefined) n += v.B.length;
  }
  return n;
}

/** Standard write units for an item of `bytes`: one per started KiB. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

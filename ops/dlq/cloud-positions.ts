import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeadLetter } from '../../functions/index.ts';
import { loadIngestProgress, objectPosition } from '../../functions/index.ts';

const WHOLE_SOURCE = /^s3:\/\/([^/]+)\/.*:(\d+)$/;

/**
 * Dead letters of a cloud-ingested filesystem source carry `s3://<bucket>/<prefix>:<line of the
 * whole source>`; the ingest function's committed position (`IN#<stage>`) records where each object
 * starts, so this names the object instead: `s3://<bucket>/<key>:<line of that object>`. Other
 * positions, and stages without that record (a local run, whose summary names objects itself),
 * stay as they are.
 */
export async function localizeCloudPositions(
  dynamo: DynamoDBClient,
  table: string,
  letters: readonly DeadLetter[],
): Promise<DeadLetter[]> {
  const starts = new Map<string, { key: string; firstLine: number }[] | undefined>();
  const out: DeadLetter[] = [];
  for (const d of letters) {
    const m = WHOLE_SOURCE.exec(d.position);
    if (!m) {
      out.push(d);
      continue;
    }
    if (!starts.has(d.stage)) {
      const { doc } = await loadIngestProgress(dynamo, table, d.stage);
      const firstLines = doc?.objectStarts;
      starts.set(
        d.stage,
        doc?.objects && firstLines
          ? firstLines.map((firstLine, i) => ({ key: doc.objects![i]!, firstLine }))
          : undefined,
      );
    }
    const known = starts.get(d.stage);
    const named = known && objectPosition(m[1]!, known, Number(m[2]));
    out.push(named ? { ...d, position: named } : d);
  }
  return out;
}

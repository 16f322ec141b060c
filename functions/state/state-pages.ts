import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { StateCorruptError } from '../errors.ts';
import { queryAll } from './all-items.ts';
import { batchGet, batchWrite, type Item } from './dynamo-batch.ts';
import { epochKey, keys, pageRef, parsePageRef } from './keys.ts';

/** UTF-16 units per chunk: ≤ 3 UTF-8 bytes each keeps an item well under DynamoDB's 400 KB. */
export const CHUNK_UNITS = 120_000;

/** Splits text into chunks of at most `size` UTF-16 units, never inside a surrogate pair. */
export function chunkText(text: string, size = CHUNK_UNITS): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out.length === 0 ? [''] : out;
}

/**
 * Writes immutable state pages, one per key group (chunked when large), tagged with the new epoch
 * and this attempt's id (shadow paging, I1). Nothing reads them until the checkpoint points at them.
 */
export async function writePages(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
  shardId: string,
  epoch: number,
  attemptId: string,
  pages: ReadonlyMap<number, string>,
): Promise<{ refs: Map<number, string>; units: number }> {
  const pk = keys.statePk(stageId, shardId);
  const refs = new Map<number, string>();
  const requests: WriteRequest[] = [];
  for (const [kg, text] of pages) {
    const chunks = chunkText(text);
    chunks.forEach((data, chunk) => {
      const sk = keys.stateSk(epoch, attemptId, kg, chunk);
      if (chunk === 0) refs.set(kg, pageRef(pk, sk));
      requests.push({
        PutRequest: {
          Item: {
            pk: { S: pk },
            sk: { S: sk },
            kg: { N: String(kg) },
            n: { N: String(chunks.length) },
            data: { S: data },
          },
        },
      });
    });
  }
  const units = await batchWrite(dynamo, table, requests);
  return { refs, units };
}

/** Loads the pages the committed checkpoint references: key group → parsed state. */
export async function loadPages(
  dynamo: DynamoDBClient,
  table: string,
  refs: ReadonlyMap<number, string>,
): Promise<Map<number, unknown>> {
  const keyOf = (pk: string, sk: string): Item => ({ pk: { S: pk }, sk: { S: sk } });
  const firstKeys = [...refs.values()].map((r) => {
    const { pk, sk } = parsePageRef(r);
    return keyOf(pk, sk);
  });
  const items = new Map<string, Item>();
  for (const it of await batchGet(dynamo, table, firstKeys)) items.set(`${it.pk?.S}|${it.sk?.S}`, it);
  const more: Item[] = [];
  for (const ref of refs.values()) {
    const first = items.get(ref);
    if (!first) throw new StateCorruptError(`state page ${ref} referenced by the checkpoint is missing`);
    const n = Number(first.n?.N ?? '1');
    const { pk, sk } = parsePageRef(ref);
    const base = sk.slice(0, sk.lastIndexOf('#'));
    for (let c = 1; c < n; c++) more.push(keyOf(pk, `${base}#${c}`));
  }
  for (const it of await batchGet(dynamo, table, more)) items.set(`${it.pk?.S}|${it.sk?.S}`, it);
  const out = new Map<number, unknown>();
  for (const [kg, ref] of refs) {
    const first = items.get(ref)!;
    const n = Number(first.n?.N ?? '1');
    const { pk, sk } = parsePageRef(ref);
    const base = sk.slice(0, sk.lastIndexOf('#'));
    let text = first.data?.S ?? '';
    for (let c = 1; c < n; c++) {
      const part = items.get(`${pk}|${base}#${c}`);
      if (!part) throw new StateCorruptError(`state page ${pk}|${base}#${c} is missing`);
      text += part.data?.S ?? '';
    }
    try {
      out.set(kg, JSON.parse(text));
    } catch (err) {
      throw new StateCorruptError(`state page ${ref} does not parse: ${(err as Error).message}`);
    }
  }
  return out;
}

/**
 * Best-effort sweeper: deletes this shard's state pages older than the committed epoch that the
 * committed checkpoint does not reference (losing attempts, superseded versions). Pages at or above
 * the committed epoch are left alone: an in-flight writer may be about to commit them.
 */
export async function sweepPages(
  dynamo: DynamoDBClient,
  table: string,
  stageId: string,
  shardId: string,
  committedEpoch: number,
  referenced: ReadonlySet<string>,
): Promise<number> {
  const pk = keys.statePk(stageId, shardId);
  const live = new Set([...referenced].map((r) => parsePageRef(r).sk.replace(/#\d+$/, '')));
  const dead: WriteRequest[] = [];
  const items = await queryAll(dynamo, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk < :e',
    ExpressionAttributeValues: { ':pk': { S: pk }, ':e': { S: epochKey(committedEpoch) } },
    ProjectionExpression: 'pk, sk',
  });
  for (const it of items) {
    const sk = it.sk?.S ?? '';
    if (!live.has(sk.replace(/#\d+$/, '')))
      dead.push({ DeleteRequest: { Key: { pk: { S: pk }, sk: { S: sk } } } });
  }
  if (dead.length > 0) await batchWrite(dynamo, table, dead);
  return dead.length;
}

import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { PipelineSpec, StageSpec } from '../../compiler/spec/index.ts';
import { sinkTableOf } from '../../compiler/spec/index.ts';
import {
  finalStagePrefix,
  listKeys,
  listSourceKeys,
  type ObjectStart,
  objectPosition,
  sinkObjectsOf,
  stagingStagePrefix,
} from '../../functions/index.ts';
import { localSource } from '../connectors/local-facets.ts';
import { UsageError } from '../errors.ts';

const RUN_HINT =
  'On the embedded local stack, `sluice run --s3-dir DIR` serves DIR/<bucket>/<key> as S3: put the ' +
  'JSON-lines files there, or upload them to the endpoint with any S3 client.';

/**
 * Gets a pipeline's `filesystem` tables ready on a local endpoint: every source must have a bucket
 * with at least one object under its prefix (its keys, in order, are returned by stage id); every
 * sink's bucket is created if it is missing, and objects an earlier run left under the sink's
 * `<prefix><pipeline>/<stage>/` are removed (this run's state starts at epoch 0). Local conveniences
 * only: in AWS the stack imports the user's bucket and never creates or empties it.
 */
export async function prepareS3Tables(
  spec: PipelineSpec,
  s3: S3Client,
  endpoint: string,
  step: (message: string) => void,
): Promise<Map<string, string[]>> {
  const sourceKeys = new Map<string, string[]>();
  for (const stage of spec.stages) {
    if (stage.input.kind !== 'source') continue;
    const objects = localSource(stage.input.source).s3Objects?.(stage.input.source);
    if (objects === undefined) continue;
    const { bucket, prefix } = objects;
    const { table } = stage.input.source;
    const where = `s3://${bucket}/${prefix}`;
    if (!(await bucketExists(s3, bucket))) {
      throw new UsageError(
        `source table '${table}' reads ${where}, but bucket '${bucket}' does not exist on ${endpoint}. ${RUN_HINT}`,
      );
    }
    const keys = await listSourceKeys(s3, bucket, prefix);
    if (keys.length === 0) {
      throw new UsageError(
        `source table '${table}' reads ${where}, which holds no objects on ${endpoint}. ${RUN_HINT}`,
      );
    }
    step(`source ${table}: ${keys.length} object(s) under ${where}`);
    sourceKeys.set(stage.id, keys);
  }
  for (const stage of spec.stages) {
    const o = sinkObjectsOf(spec, stage);
    if (!o) continue;
    if (!(await bucketExists(s3, o.bucket))) {
      await s3.send(new CreateBucketCommand({ Bucket: o.bucket }));
      step(`created bucket ${o.bucket} on the local stack (in AWS, sluice never creates your bucket)`);
      continue;
    }
    // The run starts from fresh state (epoch 0): objects of an earlier run under the same names
    // would be partly overwritten and partly left, mixing two runs' rows. Remove them first.
    const stale = [
      ...(await listKeys(s3, o.bucket, finalStagePrefix(o))),
      ...(await listKeys(s3, o.bucket, stagingStagePrefix(o))),
    ];
    for (let i = 0; i < stale.length; i += 1000) {
      const Objects = stale.slice(i, i + 1000).map((Key) => ({ Key }));
      await s3.send(new DeleteObjectsCommand({ Bucket: o.bucket, Delete: { Objects, Quiet: true } }));
    }
    if (stale.length > 0)
      step(
        `removed ${stale.length} object(s) of an earlier run under s3://${o.bucket}/${finalStagePrefix(o)}`,
      );
  }
  return sourceKeys;
}

/** Rows and objects a `filesystem` sink has published, read back through the S3 API. */
export async function readS3Sink(
  spec: PipelineSpec,
  stage: StageSpec,
  s3: S3Client,
): Promise<{ table: string; path: string; rows: number; objects: number }> {
  const o = sinkObjectsOf(spec, stage);
  const table = stage.output.kind === 'sink' ? sinkTableOf(stage.output.sink) : undefined;
  if (!o || table === undefined) throw new Error(`stage ${stage.id} writes no filesystem sink`);
  const prefix = finalStagePrefix(o);
  const keys = await listSourceKeys(s3, o.bucket, prefix);
  let rows = 0;
  for (const key of keys) {
    const res = await s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: key }));
    const text = (await res.Body?.transformToString('utf8')) ?? '';
    rows += text.split('\n').filter((l) => l !== '').length;
  }
  return { table, path: `s3://${o.bucket}/${prefix}`, rows, objects: keys.length };
}

/**
 * A filesystem source's dead-letter position, `s3://<bucket>/<prefix>:<line of the whole source>`,
 * as `s3://<bucket>/<key>:<line of that object>`; any other position unchanged.
 */
export function localizeS3Position(
  position: string,
  sources: readonly { bucket: string; prefix: string; starts: readonly ObjectStart[] }[],
): string {
  for (const src of sources) {
    const head = `s3://${src.bucket}/${src.prefix}:`;
    if (!position.startsWith(head)) continue;
    const line = Number(position.slice(head.length));
    if (!Number.isSafeInteger(line)) continue;
    return objectPosition(src.bucket, src.starts, line) ?? position;
  }
  return position;
}

async function bucketExists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchBucket' || e.$metadata?.httpStatusCode === 404)
      return false;
    throw err;
  }
}

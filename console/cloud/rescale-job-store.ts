import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { isConditionFailed } from '../../functions/index.ts';
import type { RescaleProgress } from '../../ops/index.ts';
import { CONSOLE_JOB_PK } from '../../ops/index.ts';
import type { RescaleJob } from '../api/types.ts';
import { ConsoleError } from '../errors.ts';

/**
 * Rescale jobs of the cloud console, in the pipeline's state table: a Lambda answers and freezes,
 * so a job runs in an asynchronous invocation of the console function and the UI polls its item.
 * - `pk=CONSOLE#JOB`, `sk=<job id>`: the job (JSON) with `deadline` (ms) and `claimed`;
 * - `pk=CONSOLE#JOB`, `sk=LOCK#<stream>`: one rescale per stream at a time, until `expiresAt`.
 */

const MAX_PROGRESS = 100;

const jobSchema = z.object({
  id: z.string(),
  pipeline: z.string(),
  stage: z.string(),
  stream: z.string(),
  progress: z.array(z.looseObject({ phase: z.string(), message: z.string() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  finished: z.boolean(),
});

/** What a stored job needs besides its progress: enough for the worker to run it. */
export interface StoredJob {
  readonly job: RescaleJob;
  readonly table: string;
  readonly target: number;
  readonly deadline: number;
}

/**
 * Appends a progress event, keeping the first event of each (phase, step) and the latest one:
 * the worker polls the stream every second, and the item stays small.
 */
export function appendProgress(list: readonly RescaleProgress[], p: RescaleProgress): RescaleProgress[] {
  const out = [...list];
  const last = out.at(-1);
  const before = out.at(-2);
  const same = (a: RescaleProgress | undefined) =>
    a !== undefined && a.phase === p.phase && a.step === p.step;
  if (same(last) && same(before)) out[out.length - 1] = p;
  else out.push(p);
  if (out.length > MAX_PROGRESS) out.splice(1, out.length - MAX_PROGRESS);
  return out;
}

export class RescaleJobStore {
  constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** Takes the stream's lock for `ttlMs`; throws 409 while another job holds it. */
  async lock(stream: string, jobId: string, ttlMs: number, now = Date.now()): Promise<void> {
    try {
      await this.dynamo.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: CONSOLE_JOB_PK },
            sk: { S: `LOCK#${stream}` },
            jobId: { S: jobId },
            expiresAt: { N: String(now + ttlMs) },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
    } catch (err) {
      if (isConditionFailed(err))
        throw new ConsoleError('BAD_REQUEST', 409, `a rescale of ${stream} is already running`);
      throw err;
    }
  }

  async unlock(stream: string, jobId: string): Promise<void> {
    try {
      await this.dynamo.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { pk: { S: CONSOLE_JOB_PK }, sk: { S: `LOCK#${stream}` } },
          ConditionExpression: 'jobId = :id',
          ExpressionAttributeValues: { ':id': { S: jobId } },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }

  async create(job: RescaleJob, target: number, deadline: number): Promise<void> {
    await this.dynamo.send(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          pk: { S: CONSOLE_JOB_PK },
          sk: { S: job.id },
          job: { S: JSON.stringify(job) },
          target: { N: String(target) },
          deadline: { N: String(deadline) },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The job, or 404. */
  async get(id: string): Promise<StoredJob> {
    const res = await this.dynamo.send(
      new GetItemCommand({
        TableName: this.table,
        Key: { pk: { S: CONSOLE_JOB_PK }, sk: { S: id } },
        ConsistentRead: true,
      }),
    );
    const item = res.Item;
    if (!item?.job?.S || id.startsWith('LOCK#'))
      throw new ConsoleError('NOT_FOUND', 404, `no rescale job ${id}`);
    const job = jobSchema.parse(JSON.parse(item.job.S)) as unknown as RescaleJob;
    return {
      job,
      table: this.table,
      target: Number(item.target?.N ?? '0'),
      deadline: Number(item.deadline?.N ?? '0'),
    };
  }

  /** Marks the job taken by a worker; false when another delivery of the same event took it. */
  async claim(id: string): Promise<boolean> {
    try {
      await this.dynamo.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: CONSOLE_JOB_PK }, sk: { S: id } },
          UpdateExpression: 'SET claimed = :t',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(claimed)',
          ExpressionAttributeValues: { ':t': { BOOL: true } },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  async save(job: RescaleJob): Promise<void> {
    await this.dynamo.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: CONSOLE_JOB_PK }, sk: { S: job.id } },
        UpdateExpression: 'SET job = :j',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':j': { S: JSON.stringify(job) } },
      }),
    );
  }
}

import type { IamRequest } from './iam-eval.ts';

/**
 * Records the AWS calls a client makes (command name, input, output) with an SDK middleware, and
 * turns each into the IAM authorisation requests AWS would evaluate for it (DynamoDB with its
 * `dynamodb:LeadingKeys`, Kinesis by stream ARN, S3 by object ARN or bucket with `s3:prefix`).
 */

export interface AwsCall {
  readonly service: 'dynamodb' | 'kinesis' | 's3';
  readonly command: string;
  readonly input: Record<string, unknown>;
  output?: Record<string, unknown>;
}

interface MiddlewareClient {
  readonly middlewareStack: {
    add(
      mw: (
        next: (args: { input: unknown }) => Promise<{ output: unknown }>,
        context: { commandName?: string },
      ) => (args: { input: unknown }) => Promise<{ output: unknown }>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/** Adds a recording middleware to `client`; every call it makes from now on lands in `calls`. */
export function recordCalls<C>(client: C, service: AwsCall['service'], calls: AwsCall[]): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const call: AwsCall = {
        service,
        command: (context.commandName ?? '').replace(/Command$/, ''),
        input: args.input as Record<string, unknown>,
      };
      calls.push(call);
      const res = await next(args);
      call.output = res.output as Record<string, unknown>;
      return res;
    },
    { step: 'initialize', name: 'sluiceRecordCalls' },
  );
  return client;
}

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
type Attr = { S?: string };
type Item = Record<string, Attr>;

const streamArn = (input: Record<string, unknown>): string => {
  if (typeof input.StreamARN === 'string') return input.StreamARN;
  return `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${String(input.StreamName)}`;
};

/** Partition keys a DynamoDB call names (`dynamodb:LeadingKeys`). */
function leadingKeys(c: AwsCall, table: string): string[] {
  const i = c.input;
  const pkOf = (item: Item | undefined) => item?.pk?.S ?? '';
  switch (c.command) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [pkOf(i.Key as Item)];
    case 'PutItem':
      return [pkOf(i.Item as Item)];
    case 'Query': {
      const m = /\bpk\s*=\s*(:\w+)/.exec(String(i.KeyConditionExpression));
      const values = i.ExpressionAttributeValues as Record<string, Attr>;
      return [m ? (values[m[1]!]?.S ?? '') : ''];
    }
    case 'BatchGetItem':
      return ((i.RequestItems as Record<string, { Keys: Item[] }>)[table]?.Keys ?? []).map(pkOf);
    case 'BatchWriteItem':
      return (
        (i.RequestItems as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>)[
          table
        ] ?? []
      ).map((r) => pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
    default:
      return []; // Scan and the like name no partition key
  }
}

function tablesOf(c: AwsCall): string[] {
  const i = c.input;
  if (typeof i.TableName === 'string') return [i.TableName];
  return Object.keys((i.RequestItems as Record<string, unknown>) ?? {});
}

/**
 * The IAM requests of each recorded call. `streams` maps a shard iterator or a ListShards
 * NextToken (which carry no stream name) to the stream they came from; fill it by passing the calls
 * in order.
 */
export function iamRequests(calls: readonly AwsCall[]): { call: AwsCall; requests: IamRequest[] }[] {
  const byToken = new Map<string, string>();
  const out: { call: AwsCall; requests: IamRequest[] }[] = [];
  for (const c of calls) {
    const i = c.input;
    let requests: IamRequest[] = [];
    if (c.service === 'dynamodb') {
      requests = tablesOf(c).map((table) => ({
        action: `dynamodb:${c.command}`,
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`,
        context: { 'dynamodb:LeadingKeys': leadingKeys(c, table) },
      }));
    } else if (c.service === 'kinesis') {
      const token = (typeof i.ShardIterator === 'string' ? i.ShardIterator : i.NextToken) as
        | string
        | undefined;
      const arn = token !== undefined ? byToken.get(token) : streamArn(i);
      if (arn === undefined) throw new Error(`${c.command}: no stream known for its token`);
      for (const next of [c.output?.ShardIterator, c.output?.NextShardIterator, c.output?.NextToken])
        if (typeof next === 'string') byToken.set(next, arn);
      requests = [{ action: `kinesis:${c.command}`, resource: arn, context: {} }];
    } else {
      const bucket = String(i.Bucket);
      const object = (key: string, action: string) => ({
        action,
        resource: `arn:aws:s3:::${bucket}/${key}`,
        context: {},
      });
      switch (c.command) {
        case 'ListObjectsV2':
          requests = [
            {
              action: 's3:ListBucket',
              resource: `arn:aws:s3:::${bucket}`,
              context: i.Prefix === undefined ? {} : { 's3:prefix': [String(i.Prefix)] },
            },
          ];
          break;
        case 'CopyObject': {
          const source = decodeURIComponent(String(i.CopySource));
          requests = [
            { action: 's3:GetObject', resource: `arn:aws:s3:::${source}`, context: {} },
            object(String(i.Key), 's3:PutObject'),
          ];
          break;
        }
        case 'DeleteObjects':
          requests = ((i.Delete as { Objects: { Key: string }[] }).Objects ?? []).map((o) =>
            object(o.Key, 's3:DeleteObject'),
          );
          break;
        case 'GetObject':
        case 'PutObject':
        case 'DeleteObject':
          requests = [object(String(i.Key), `s3:${c.command}`)];
          break;
        default:
          throw new Error(`aws-call-recorder: S3 ${c.command} is not mapped to IAM`);
      }
    }
    out.push({ call: c, requests });
  }
  return out;
}

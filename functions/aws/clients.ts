import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * AWS SDK clients configured the same way everywhere (Lambda runtime, local stack, CLI, tests).
 * `endpoint` defaults to AWS_ENDPOINT_URL; unset means real AWS. Against an emulator the Kinesis
 * client must use HTTP/1.1 (`NodeHttpHandler`); the default HTTP/2 handler fails with "Protocol error".
 */
export interface ClientOptions {
  /** @default process.env.AWS_ENDPOINT_URL */
  readonly endpoint?: string;
  /** @default process.env.AWS_REGION ?? 'us-east-1' */
  readonly region?: string;
}

function common(opts: ClientOptions) {
  const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const region = opts.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const local = endpoint !== undefined && /^http:\/\/(127\.0\.0\.1|localhost)/.test(endpoint);
  return {
    region,
    ...(endpoint ? { endpoint } : {}),
    // Emulators accept any credentials; never fall back to the user's real ones against them.
    ...(local ? { credentials: { accessKeyId: 'sluice', secretAccessKey: 'sluice' } } : {}),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    maxAttempts: 3,
  };
}

export const makeKinesis = (opts: ClientOptions = {}): KinesisClient => new KinesisClient(common(opts));
export const makeDynamo = (opts: ClientOptions = {}): DynamoDBClient => new DynamoDBClient(common(opts));
export const makeLambda = (opts: ClientOptions = {}): LambdaClient => new LambdaClient(common(opts));
/**
 * S3 with path-style addressing (`<endpoint>/<bucket>/<key>`) against an endpoint (the local stack
 * and LocalStack serve buckets by path, not by virtual host); virtual-hosted style on real AWS.
 */
export const makeS3 = (opts: ClientOptions = {}): S3Client => {
  const c = common(opts);
  return new S3Client({ ...c, forcePathStyle: c.endpoint !== undefined });
};

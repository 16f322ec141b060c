import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PipelineSpec } from '../../compiler/spec/index.ts';

/** Which stage of which pipeline, its table, and the clients it works through. */
export interface StageClients {
  readonly spec: PipelineSpec;
  readonly stageId: string;
  readonly table: string;
  readonly dynamo: DynamoDBClient;
  readonly kinesis: KinesisClient;
  /** For a filesystem source or sink (an entry point says what it does without one). */
  readonly s3?: S3Client;
}

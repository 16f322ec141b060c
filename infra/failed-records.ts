import { type Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { type Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The id of the bucket's CloudWatch request-metrics filter (every object). */
export const FAILED_RECORDS_METRICS_ID = 'FailedRecords';
/** Where Lambda writes an S3 on-failure record: `aws/lambda/<mapping uuid>/<shard>/YYYY/MM/DD/…`. */
export const FAILED_RECORDS_PREFIX = 'aws/lambda/';

export interface FailedRecordsProps {
  /** How long the bucket keeps each failed batch. */
  readonly retention: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The stage mappings' on-failure destination (docs/security.md "Poison records and outages"). Only
 * an outage can fail a batch (I8 dead-letters every bad record), and the mappings retry it until
 * its records near the stream's retention; what then expires is written here by Lambda WITH its
 * records (an S3 destination receives the payload; SQS/SNS would get only the sequence range). A
 * private, encrypted, TLS-only bucket; the stage roles may only put objects into it and list it.
 */
export class FailedRecords extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: FailedRecordsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-failed-batches', expiration: props.retention }],
      metrics: [{ id: FAILED_RECORDS_METRICS_ID }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only Lambda writes here (on-failure records of the stage mappings); the request metrics ' +
        '(PutRequests, alarmed on) show each write, so server access logs would add a second bucket for nothing.',
    });
  }

  /** What a stage role needs for Lambda to deliver its mapping's failed batches: PutObject and ListBucket. */
  statements(): PolicyStatement[] {
    return [
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${FAILED_RECORDS_PREFIX}*`)],
      }),
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    ];
  }

  /**
   * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for exactly the object wildcard of
   * `statements()` on `policy`: Lambda picks the keys (mapping id, shard, time), so they cannot be
   * named at deploy time. Any other wildcard still fails the check.
   */
  acknowledgeOn(policy: Policy): void {
    const id = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${id}.Arn>/${FAILED_RECORDS_PREFIX}*]`,
      reason:
        'Lambda writes each batch its mapping gave up on as aws/lambda/<mapping uuid>/<shard>/<time>-<uuid>, ' +
        'names not known at deploy time: only s3:PutObject, only under that prefix of the pipeline’s own bucket.',
    });
  }

  /** Objects written to the bucket (one per failed batch), from its request metrics. */
  metricPutRequests(period: Duration): Metric {
    return new Metric({
      namespace: 'AWS/S3',
      metricName: 'PutRequests',
      dimensionsMap: { BucketName: this.bucket.bucketName, FilterId: FAILED_RECORDS_METRICS_ID },
      statistic: 'Sum',
      period,
      label: 'batches given up (written to the failed-records bucket)',
    });
  }
}

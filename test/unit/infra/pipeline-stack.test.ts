import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { type Built, buildStack, exampleSpec, resourcesOf, specOf } from './helpers.ts';

let spec: PipelineSpec;
let built: Built;

beforeAll(async () => {
  spec = await exampleSpec(2);
  built = buildStack(spec);
});

describe('streams', () => {
  it('creates one encrypted, provisioned stream per internal stream, with its shards and 24 h retention', () => {
    const { template } = built;
    template.resourceCountIs('AWS::Kinesis::Stream', spec.streams.length);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'sluice-kinesis-tumble-edge-s2',
      ShardCount: 2,
      RetentionPeriodHours: 24,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
  });

  it("never creates the user's source and sink streams", () => {
    const names = Object.values(resourcesOf(built.template, 'AWS::Kinesis::Stream')).map(
      (r) => r.Properties.Name,
    );
    expect(names).not.toContain('clicks');
    expect(names).not.toContain('page-counts');
  });

  it('creates ingest/edge/preview streams of other specs with their shard counts', () => {
    const s = specOf(
      `CREATE TABLE ev (id BIGINT, page TEXT) WITH (connector = 'kinesis', stream_name = 'ev', 'source.offset' = 'earliest', format = 'json', type = 'source');
       SELECT id, page FROM ev WHERE id > 3;`,
      'preview-one',
      3,
    );
    const { template } = buildStack(s, { streamRetention: Duration.hours(48) });
    template.resourceCountIs('AWS::Kinesis::Stream', s.streams.length);
    for (const st of s.streams) {
      template.hasResourceProperties('AWS::Kinesis::Stream', {
        Name: `sluice-preview-one-${st.id}`,
        ShardCount: st.shards,
        RetentionPeriodHours: 48,
      });
    }
  });
});

describe('state table', () => {
  it('is one on-demand table with pk/sk strings, point-in-time recovery and SSE', () => {
    const { template } = built;
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'sluice-kinesis-tumble',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });
});

describe('functions', () => {
  it('has one function per stage plus the clock, on nodejs22.x arm64, sharing one asset', () => {
    const fns = resourcesOf(built.template, 'AWS::Lambda::Function');
    expect(Object.keys(fns)).toHaveLength(spec.stages.length + 1);
    const keys = new Set(
      Object.values(fns).map((f) => JSON.stringify((f.Properties.Code as { S3Key: unknown }).S3Key)),
    );
    expect(keys.size).toBe(1);
    for (const f of Object.values(fns)) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    }
    // one asset in the whole stack: every function (and nothing else) points at it
    const resources = Object.values(
      built.template.toJSON().Resources as Record<string, { Metadata?: Record<string, unknown> }>,
    );
    const assetPaths = new Set(
      resources.map((r) => r.Metadata?.['aws:asset:path']).filter((p) => p !== undefined),
    );
    expect(assetPaths.size).toBe(1);
  });

  it('gives each stage function its name, SLUICE_STAGE_ID and SLUICE_TABLE', () => {
    const tableId = Object.keys(resourcesOf(built.template, 'AWS::DynamoDB::Table'))[0];
    for (const stage of spec.stages) {
      built.template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `sluice-kinesis-tumble-${stage.id}`,
        Environment: { Variables: { SLUICE_STAGE_ID: stage.id, SLUICE_TABLE: { Ref: tableId } } },
        MemorySize: 1024,
        Timeout: 60,
      });
    }
  });
});

describe('event source mappings', () => {
  it('maps each stage from its input stream with explicit settings', () => {
    const { template } = built;
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', spec.stages.length);
    const bucketId = Object.keys(resourcesOf(template, 'AWS::S3::Bucket'))[0]!;
    const common = {
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: -1,
      // an hour before the 24 h stream retention drops them: Lambda still has the records to keep
      MaximumRecordAgeInSeconds: 82800,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [bucketId, 'Arn'] } } },
    };
    // s1 reads the user's stream 'clicks' from 'latest'
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ...common,
      StartingPosition: 'LATEST',
      EventSourceArn: { 'Fn::Join': ['', Match.arrayWith([':stream/clicks'])] },
    });
    // s2 reads the internal edge stream from the start
    const edgeId = Object.keys(resourcesOf(template, 'AWS::Kinesis::Stream'))[0]!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ...common,
      StartingPosition: 'TRIM_HORIZON',
      EventSourceArn: { 'Fn::GetAtt': [edgeId, 'Arn'] },
    });
  });

  it('takes mapping settings from props, and imports a source stream given by ARN', () => {
    const arn = 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks-eu';
    const s = specOf(
      `CREATE TABLE ev (id BIGINT) WITH (connector = 'kinesis', stream_name = '${arn}', 'source.offset' = 'earliest', format = 'json', type = 'source');
       CREATE TABLE out WITH (connector = 'kinesis', stream_name = 'out', type = 'sink');
       INSERT INTO out SELECT id FROM ev;`,
      'by-arn',
      1,
    );
    const { template } = buildStack(s, {
      mapping: {
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        retryAttempts: 50,
        maxRecordAge: Duration.hours(1),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arn,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 2,
      MaximumRetryAttempts: 50,
      MaximumRecordAgeInSeconds: 3600,
    });
  });
});

describe('clock, failure queue, dashboard, alarms', () => {
  it('runs the clock function (same asset, SLUICE_ROLE=clock) every minute', () => {
    const { template } = built;
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sluice-kinesis-tumble-clock',
      Environment: { Variables: Match.objectLike({ SLUICE_ROLE: 'clock' }) },
    });
    const clockId = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(
      ([, r]) => r.Properties.FunctionName === 'sluice-kinesis-tumble-clock',
    )?.[0];
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [clockId, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
    });
  });

  it('keeps given-up batches with their records in a private, encrypted, TLS-only bucket that expires them', () => {
    const { template } = built;
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
      MetricsConfigurations: [{ Id: 'FailedRecords' }],
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('gives up on records an hour before the stream retention drops them (custom retention too)', () => {
    const { template } = buildStack(spec, { streamRetention: Duration.hours(48) });
    template.allResourcesProperties('AWS::Lambda::EventSourceMapping', {
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 47 * 3600,
    });
  });

  it('has a dashboard with, per stage, input records/bytes, iterator age, invocations, errors, duration, throttles, dead letters and late rows', () => {
    const dashboards = resourcesOf(built.template, 'AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const d = Object.values(dashboards)[0]!;
    expect(d.Properties.DashboardName).toBe('sluice-kinesis-tumble');
    const body = JSON.stringify(d.Properties.DashboardBody);
    for (const metric of [
      'IncomingRecords',
      'IncomingBytes',
      'IteratorAge',
      'Invocations',
      'Errors',
      'Duration',
      'Throttles',
      'DeadLetters',
      'LateRows',
    ]) {
      expect(body).toContain(metric);
    }
    for (const stage of spec.stages) expect(body).toContain(`\\"Stage\\",\\"${stage.id}\\"`);
    expect(body).toContain('\\"StreamName\\",\\"clicks\\"');
    expect(body).toContain('\\"StreamName\\",\\"sluice-kinesis-tumble-edge-s2\\"');
  });

  it('alarms on iterator age, errors, dead letters and late rows of every stage, and on given-up batches', () => {
    const { template } = built;
    template.resourceCountIs('AWS::CloudWatch::Alarm', spec.stages.length * 4 + 1);
    for (const stage of spec.stages) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `sluice-kinesis-tumble-${stage.id}-iterator-age`,
        MetricName: 'IteratorAge',
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        Threshold: 300_000,
        EvaluationPeriods: 3,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `sluice-kinesis-tumble-${stage.id}-errors`,
        MetricName: 'Errors',
        Threshold: 0,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `sluice-kinesis-tumble-${stage.id}-dead-letters`,
        MetricName: 'DeadLetters',
        Namespace: 'Sluice',
        Dimensions: Match.arrayWith([{ Name: 'Stage', Value: stage.id }]),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `sluice-kinesis-tumble-${stage.id}-late-rows`,
        MetricName: 'LateRows',
        Namespace: 'Sluice',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: Match.arrayWith([{ Name: 'Stage', Value: stage.id }]),
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sluice-kinesis-tumble-failed-batches',
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { type Built, buildStack, exampleSpec, resourcesOf } from './helpers.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, string[]>>;
}

let spec: PipelineSpec;
let built: Built;
let ids: { table: string; edge: string; failedRecords: string };

beforeAll(async () => {
  spec = await exampleSpec(2);
  built = buildStack(spec);
  const first = (type: string) => Object.keys(resourcesOf(built.template, type))[0]!;
  ids = {
    table: first('AWS::DynamoDB::Table'),
    edge: first('AWS::Kinesis::Stream'),
    failedRecords: first('AWS::S3::Bucket'),
  };
});

/** The statements of the one policy attached to the role of the function named `name`. */
function statementsOf(name: string): Statement[] {
  const fns = resourcesOf(built.template, 'AWS::Lambda::Function');
  const fn = Object.values(fns).find((f) => f.Properties.FunctionName === name);
  if (!fn) throw new Error(`no function ${name}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(built.template, 'AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const byService = (sts: Statement[], service: string) =>
  sts.filter((s) => actions(s).every((a) => a.startsWith(`${service}:`)));
const userStreamArn = (name: string) =>
  JSON.stringify({
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':kinesis:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:stream/${name}`,
      ],
    ],
  });

describe('IAM', () => {
  it('has no wildcard action anywhere and no wildcard resource on kinesis or dynamodb', () => {
    for (const p of Object.values(resourcesOf(built.template, 'AWS::IAM::Policy'))) {
      for (const s of (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        for (const a of actions(s)) expect(a).not.toContain('*');
        // the one exception: Lambda names its on-failure objects aws/lambda/<mapping>/<shard>/<time>
        if (JSON.stringify(s.Resource) === JSON.stringify(failedRecordsObjects())) continue;
        expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"|:\*"|\/\*"/);
      }
    }
    // no managed policies: everything is in the scoped inline policies
    for (const r of Object.values(resourcesOf(built.template, 'AWS::IAM::Role'))) {
      expect(r.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('lets s1 read only its source stream, write only its edge stream, and touch only its own keys', () => {
    const sts = statementsOf('sluice-kinesis-tumble-s1');
    const kinesis = byService(sts, 'kinesis');
    expect(kinesis).toHaveLength(2);
    const read = kinesis.find((s) => actions(s).includes('kinesis:GetRecords'))!;
    const write = kinesis.find((s) => actions(s).includes('kinesis:PutRecords'))!;
    expect(JSON.stringify(read.Resource)).toBe(userStreamArn('clicks'));
    expect(actions(read)).toContain('kinesis:ListShards');
    expect(actions(read)).not.toContain('kinesis:PutRecords');
    expect(write.Resource).toEqual({ 'Fn::GetAtt': [ids.edge, 'Arn'] });
    expect(actions(write)).toContain('kinesis:ListShards');
    expect(actions(write)).not.toContain('kinesis:GetRecords');

    const dynamo = byService(sts, 'dynamodb');
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]!.Resource).toEqual({ 'Fn::GetAtt': [ids.table, 'Arn'] });
    expect(dynamo[0]!.Condition).toEqual({
      // bad_data = 'drop': no stage ever writes the pipeline failure item (PIPELINE)
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CP#s1', 'ST#s1#*', 'DLQ#s1'] },
    });
    expect(actions(dynamo[0]!)).not.toContain('dynamodb:Scan');
  });

  it("lets s2 read only the edge stream and write only the user's sink stream", () => {
    const sts = statementsOf('sluice-kinesis-tumble-s2');
    const kinesis = byService(sts, 'kinesis');
    const read = kinesis.find((s) => actions(s).includes('kinesis:GetRecords'))!;
    const write = kinesis.find((s) => actions(s).includes('kinesis:PutRecords'))!;
    expect(read.Resource).toEqual({ 'Fn::GetAtt': [ids.edge, 'Arn'] });
    expect(JSON.stringify(write.Resource)).toBe(userStreamArn('page-counts'));
    const dynamo = byService(sts, 'dynamodb')[0]!;
    expect(dynamo.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual([
      'CP#s2',
      'ST#s2#*',
      'DLQ#s2',
    ]);
  });

  const failedRecordsObjects = () => ({
    'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.failedRecords, 'Arn'] }, '/aws/lambda/*']],
  });

  it('scopes logs to the own log group and S3 to putting on-failure records into their bucket', () => {
    for (const stage of spec.stages) {
      const sts = statementsOf(`sluice-kinesis-tumble-${stage.id}`);
      const logs = byService(sts, 'logs');
      expect(logs).toHaveLength(1);
      expect(JSON.stringify(logs[0]!.Resource)).toMatch(
        new RegExp(`PipelineStage${stage.id}StageLogs[0-9A-F]+`),
      );
      const s3 = byService(sts, 's3');
      expect(s3).toEqual([
        expect.objectContaining({ Action: 's3:PutObject', Resource: failedRecordsObjects() }),
        expect.objectContaining({
          Action: 's3:ListBucket',
          Resource: { 'Fn::GetAtt': [ids.failedRecords, 'Arn'] },
        }),
      ]);
      // nothing else: logs, kinesis, dynamodb, s3
      expect(sts).toHaveLength(
        logs.length + byService(sts, 'kinesis').length + byService(sts, 'dynamodb').length + 2,
      );
    }
  });

  it("limits the clock to reading the stages' checkpoints (no source here has idle_micros to drive)", () => {
    const sts = statementsOf('sluice-kinesis-tumble-clock');
    const dynamo = byService(sts, 'dynamodb');
    expect(dynamo).toHaveLength(1);
    expect(actions(dynamo[0]!)).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(dynamo[0]!.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual([
      'CP#s1',
      'CP#s2',
    ]);
    const writes = byService(sts, 'kinesis').filter((s) => actions(s).includes('kinesis:PutRecords'));
    // only internal streams, never the user's sink
    expect(JSON.stringify(writes)).not.toContain('page-counts');
  });
});

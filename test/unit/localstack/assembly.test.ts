import { describe, expect, it } from 'vitest';
import { streamNameOf } from '../../../infra/stage-streams.ts';
import { IntrinsicResolver } from '../../../localstack/assembly/intrinsics.ts';
import { rateMs } from '../../../localstack/deploy-assembly.ts';

const template = {
  Resources: {
    S: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'sluice-p-edge-s2' } },
    T: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'sluice-p' } },
    F: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'sluice-p-s1' } },
    Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } },
    R: { Type: 'AWS::IAM::Role', Properties: {} },
  },
};

describe('IntrinsicResolver', () => {
  const r = new IntrinsicResolver(template);
  it('resolves Ref, GetAtt Arn, Join and pseudo parameters to local names', () => {
    expect(r.resolve({ Ref: 'T' })).toBe('sluice-p');
    expect(r.resolve({ 'Fn::GetAtt': ['S', 'Arn'] })).toBe(
      'arn:aws:kinesis:us-east-1:000000000000:stream/sluice-p-edge-s2',
    );
    expect(r.resolve({ 'Fn::GetAtt': ['Q', 'Arn'] })).toBe('arn:aws:sqs:us-east-1:000000000000:q');
    expect(r.resolve({ 'Fn::GetAtt': ['R', 'Arn'] })).toBe('arn:aws:iam::000000000000:role/R');
    expect(
      r.resolve({
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':kinesis:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':stream/clicks',
          ],
        ],
      }),
    ).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/clicks');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string
    expect(r.resolve({ 'Fn::Sub': 'cdk-${AWS::AccountId}-${AWS::Region}-${T}' })).toBe(
      'cdk-000000000000-us-east-1-sluice-p',
    );
    expect(r.resolve({ Variables: { A: 'x', B: { Ref: 'F' } } })).toEqual({
      Variables: { A: 'x', B: 'sluice-p-s1' },
    });
  });

  it('fails with ASSEMBLY_INVALID on what it cannot resolve', () => {
    expect(() => r.resolve({ Ref: 'Nope' })).toThrow(expect.objectContaining({ code: 'ASSEMBLY_INVALID' }));
    expect(() => r.resolve({ 'Fn::ImportValue': 'x' })).toThrow(/Fn::ImportValue/);
  });
});

describe('helpers', () => {
  it('reads schedule rates and stream names', () => {
    expect(rateMs('rate(1 minute)')).toBe(60_000);
    expect(rateMs('rate(5 minutes)')).toBe(300_000);
    expect(rateMs('cron(0 * * * ? *)')).toBeUndefined();
    expect(streamNameOf('arn:aws:kinesis:eu-west-1:123456789012:stream/clicks')).toBe('clicks');
    expect(streamNameOf('clicks')).toBe('clicks');
  });
});

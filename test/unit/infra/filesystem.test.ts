import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildStack, resourcesOf, specOf } from './helpers.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, string[]>>;
}

const SQL = `CREATE TABLE ev (id BIGINT, region TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (connector = 'kinesis', stream_name = 'ev', 'source.offset' = 'earliest', format = 'json', type = 'source');
CREATE TABLE totals WITH (connector = 'filesystem', path = 's3://acme-lake/sluice/out/', format = 'json', type = 'sink');
INSERT INTO totals SELECT window.start AS ws, region, count(*) AS n FROM ev GROUP BY tumble(interval '1 minute') AS window, region;`;

const arn = (suffix: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${suffix}`]],
});

function statementsOf(built: ReturnType<typeof buildStack>, functionName: string): Statement[] {
  const fns = resourcesOf(built.template, 'AWS::Lambda::Function');
  const fn = Object.values(fns).find((f) => f.Properties.FunctionName === functionName);
  if (!fn) throw new Error(`no function ${functionName}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policy = Object.values(resourcesOf(built.template, 'AWS::IAM::Policy')).find((p) =>
    JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
  );
  return (policy!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}
/** S3 statements on the user's bucket (not the stack's own). */
const s3Statements = (sts: Statement[]) =>
  sts.filter(
    (s) =>
      [s.Action].flat().every((a) => a.startsWith('s3:')) && JSON.stringify(s.Resource).includes('acme-lake'),
  );

describe('filesystem (S3) connector in the cloud stack', () => {
  const spec = specOf(SQL, 'fs-sink', 2);

  it("imports the user's bucket: the stack creates only its own on-failure bucket", () => {
    const built = buildStack(spec);
    const buckets = Object.values(resourcesOf(built.template, 'AWS::S3::Bucket'));
    expect(buckets.map((b) => b.Properties.MetricsConfigurations)).toEqual([[{ Id: 'FailedRecords' }]]);
    expect(JSON.stringify(buckets)).not.toContain('acme-lake');
    expect(Object.keys(resourcesOf(built.template, 'AWS::S3::BucketPolicy'))).toHaveLength(1);
  });

  it("grants the sink stage object access under its pipeline's folder only, and listing only there", () => {
    const built = buildStack(spec);
    const s3 = s3Statements(statementsOf(built, 'sluice-fs-sink-s2'));
    expect(s3).toHaveLength(3);
    // published objects: the copy's destination only
    const published = s3.find((s) => JSON.stringify(s.Resource).includes('/fs-sink/s2/*'))!;
    expect(published.Action).toBe('s3:PutObject');
    expect(published.Resource).toEqual(arn('acme-lake/sluice/out/fs-sink/s2/*'));
    // staging: put, the copy's source, the sweep
    const staging = s3.find((s) => JSON.stringify(s.Resource).includes('_sluice_staging'))!;
    expect([staging.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(staging.Resource).toEqual(arn('acme-lake/sluice/out/fs-sink/_sluice_staging/s2/*'));
    expect(staging.Condition).toBeUndefined();
    const list = s3.find((s) => [s.Action].flat().includes('s3:ListBucket'))!;
    expect(list.Action).toBe('s3:ListBucket');
    expect(list.Resource).toEqual(arn('acme-lake'));
    expect(list.Condition).toEqual({
      StringLike: { 's3:prefix': ['sluice/out/fs-sink/s2/*', 'sluice/out/fs-sink/_sluice_staging/s2/*'] },
    });
  });

  it('gives the source stage no S3 access, and the clock the sink stage’s (it publishes pending objects)', () => {
    const built = buildStack(spec);
    expect(s3Statements(statementsOf(built, 'sluice-fs-sink-s1'))).toEqual([]);
    const clock = s3Statements(statementsOf(built, 'sluice-fs-sink-clock'));
    expect(clock).toEqual(s3Statements(statementsOf(built, 'sluice-fs-sink-s2')));
  });

  it('writes no stream for the sink stage', () => {
    const built = buildStack(spec);
    const streams = Object.values(resourcesOf(built.template, 'AWS::Kinesis::Stream')).map(
      (r) => r.Properties.Name,
    );
    expect(streams).toEqual(['sluice-fs-sink-edge-s2']);
  });

  it('passes cdk-nag (AwsSolutions) with the prefix wildcard acknowledged with a reason', () => {
    const { app } = buildStack(spec);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
    // Only that exact finding is acknowledged, on the two policies that hold the statement.
    const findings = [
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::acme-lake/sluice/out/fs-sink/_sluice_staging/s2/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::acme-lake/sluice/out/fs-sink/s2/*]',
    ];
    const acks: string[] = [];
    for (const c of app.node.findAll()) {
      for (const m of c.node.metadata) {
        if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
          if (!id.includes('IAM5') || !id.includes('acme-lake')) continue;
          expect(reason).toContain('s3://acme-lake/sluice/out/fs-sink/s2/');
          acks.push(`${c.node.path} ${id.replace(/^annotation::/i, '')}`);
        }
      }
    }
    expect(acks.sort()).toEqual(
      [
        ...findings.map((f) => `sluice-fs-sink/Pipeline/Clock/Policy ${f}`),
        ...findings.map((f) => `sluice-fs-sink/Pipeline/Stage-s2/Stage/Policy ${f}`),
      ].sort(),
    );
  });

  it('still fails cdk-nag for a wildcard it did not acknowledge', () => {
    const built = buildStack(spec);
    const fn = built.stack.pipeline.stages.get('s2');
    fn?.fn.policy.addStatements(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/*'] }),
    );
    const rules = new AwsSolutionsChecks().validateScope(built.app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(['AwsSolutions-IAM5[Resource::arn:aws:s3:::other/*]']);
  });

  it('deploys a filesystem source with an ingest function that may only read the prefix', () => {
    const src = specOf(
      `CREATE TABLE orders (id BIGINT) WITH (connector = 'filesystem', path = 's3://acme-lake/in/', format = 'json', type = 'source');
       CREATE TABLE out WITH (connector = 'filesystem', path = 's3://acme-lake/out/', format = 'json', type = 'sink');
       INSERT INTO out SELECT id FROM orders;`,
      'fs-source',
      1,
    );
    const built = buildStack(src);
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sluice-fs-source-ingest-s1',
      Environment: { Variables: Match.objectLike({ SLUICE_ROLE: 'ingest', SLUICE_STAGE_ID: 's1' }) },
    });
    const policies = built.template.findResources('AWS::IAM::Policy');
    const ingest = Object.entries(policies).find(([id]) => id.includes('Ingests1'));
    const text = JSON.stringify(ingest?.[1]);
    expect(text).toContain('"s3:GetObject"');
    expect(text).toContain('acme-lake/in/*');
    expect(text).not.toContain('s3:PutObject');
    expect(text).not.toContain('acme-lake/out/');
    expect(text).toContain('"s3:prefix":["in/*"]');
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
    // locally sluice run ingests the objects itself: no ingest function
    const { template } = buildStack(src, { target: 'local' });
    template.hasResourceProperties('AWS::Kinesis::Stream', { Name: 'sluice-fs-source-ingest-orders' });
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { FunctionName: 'sluice-fs-source-ingest-s1' },
      0,
    );
  });
});

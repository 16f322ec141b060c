import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildStack, specOf } from './helpers.ts';

/** Nexmark Q1 with a Kinesis sink: the generator runs in the cloud as the ingest function. */
const spec = specOf(
  `CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '1000', runtime = '30');
   CREATE TABLE q1 WITH (connector = 'kinesis', stream_name = 'q1-out', format = 'json', type = 'sink');
   INSERT INTO q1 SELECT bid.auction, bid.price FROM nexmark WHERE bid IS NOT NULL;`,
  'nx',
  2,
);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const policyOf = (template: ReturnType<typeof buildStack>['template'], role: string): Statement[] => {
  const policies = template.findResources('AWS::IAM::Policy');
  const found = Object.entries(policies).find(([id]) => id.includes(role));
  if (!found) throw new Error(`no policy for ${role}`);
  return (found[1] as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties
    .PolicyDocument.Statement;
};

describe('the ingest function of a nexmark source (target aws)', () => {
  const { template, app } = buildStack(spec);

  it('is the shared bundle with SLUICE_ROLE=ingest, one run at a time, a 5-minute timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sluice-nx-ingest-s1',
      Handler: 'index.handler',
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Environment: { Variables: Match.objectLike({ SLUICE_ROLE: 'ingest', SLUICE_STAGE_ID: 's1' }) },
    });
  });

  it('runs on a one-minute schedule without retries', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'sluice-nx-ingest-s1',
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
  });

  it('may touch only its ingest stream and its own keys of the table (IN#s1, CP#s1)', () => {
    const statements = policyOf(template, 'Ingests1');
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.some((a) => a.endsWith('*'))).toBe(false);
    const text = JSON.stringify(statements);
    expect(text).toContain('"IN#s1"');
    expect(text).toContain('"CP#s1"');
    expect(text).not.toContain('CP#s2');
    expect(text).not.toContain('q1-out');
    const kinesis = statements.filter((s) => JSON.stringify(s.Action).includes('kinesis:'));
    expect(kinesis.length).toBeGreaterThan(0);
    for (const s of kinesis) expect(JSON.stringify(s.Resource)).toContain('PipelineStreamingestnexmark');
  });

  it('is not synthesized for the local target (sluice run ingests itself)', () => {
    const local = buildStack(spec, { target: 'local' }).template;
    local.resourcePropertiesCountIs('AWS::Lambda::Function', { FunctionName: 'sluice-nx-ingest-s1' }, 0);
  });

  it('passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });
});

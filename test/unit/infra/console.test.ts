import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { ConsoleAssetError } from '../../../infra/console/errors.ts';
import { PipelineStack } from '../../../infra/pipeline-stack.ts';
import { buildConsoleStack, fakeConsoleDir } from './console-helpers.ts';
import { type Built, buildStack, exampleSpec, fakeHandlerDir, resourcesOf } from './helpers.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, string[]>>;
}

const FN = 'sluice-kinesis-tumble-console';
let spec: PipelineSpec;
let built: Built;

beforeAll(async () => {
  spec = await exampleSpec(2);
  built = buildConsoleStack(spec);
});

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resources = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** The statements of the console function's one policy. */
function consoleStatements(b: Built): Statement[] {
  const fns = resourcesOf(b.template, 'AWS::Lambda::Function');
  const fn = Object.values(fns).find((f) => f.Properties.FunctionName === FN);
  if (!fn) throw new Error(`no function ${FN}`);
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(b.template, 'AWS::IAM::Policy')).filter((p) =>
    JSON.stringify(p.Properties.Roles).includes(`"${roleId}"`),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
}

const userStream = (name: string) => new RegExp(`:kinesis:.*:stream/${name}"`);

describe('the console in the cloud (PipelineStack console)', () => {
  it('adds nothing without the console prop', () => {
    const plain = buildStack(spec);
    plain.template.resourceCountIs('AWS::Lambda::Url', 0);
    expect(JSON.stringify(plain.template.toJSON())).not.toContain(FN);
  });

  it('serves the UI and the API from one function behind an IAM-authenticated function URL', () => {
    built.template.resourceCountIs('AWS::Lambda::Url', 1);
    built.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      InvokeMode: 'BUFFERED',
      TargetFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleFunction'), 'Arn'] },
    });
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: FN,
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      MemorySize: 512,
      Timeout: 900,
      Environment: {
        Variables: {
          SLUICE_TABLE: { Ref: Match.stringLikeRegexp('^PipelineState') },
          SLUICE_CONSOLE_USER_STREAMS: 'read',
          SLUICE_CONSOLE_TIMEOUT_S: '900',
        },
      },
    });
    // a rescale job runs in an asynchronous self-invocation that must never be retried
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^ConsoleFunction') },
      MaximumRetryAttempts: 0,
    });
    // no resource policy: only identities allowed by their own IAM policies reach the URL
    expect(JSON.stringify(resourcesOf(built.template, 'AWS::Lambda::Permission'))).not.toContain(
      'InvokeFunctionUrl',
    );
    const outputs = built.template.findOutputs('*');
    const url = Object.values(outputs).find((o) => JSON.stringify(o.Value).includes('FunctionUrl'));
    expect(url?.Description).toContain('sluice console --remote kinesis-tumble');
  });

  it("scopes the console's policy to this pipeline's table, streams and itself, with no wildcard", () => {
    const sts = consoleStatements(built);
    const stackIds = new Set(Object.keys(built.template.toJSON().Resources as object));
    for (const s of sts) {
      expect(s.Effect).toBe('Allow');
      for (const a of actions(s)) expect(a).not.toContain('*');
      for (const r of resources(s)) {
        const text = JSON.stringify(r);
        expect(text).not.toMatch(/"\*"|:\*"|\/\*"/);
        const att = (r as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
        if (att) {
          expect(stackIds.has(att[0]), att[0]).toBe(true);
          expect(att[0]).toMatch(/^(PipelineState|PipelineStream|ConsoleLogs)/);
        } else {
          // the user's source stream (read only) and the console function itself
          expect(text).toMatch(new RegExp(`${userStream('clicks').source}|:function:${FN}"`));
        }
      }
    }
    const all = sts.flatMap(actions);
    expect(all).not.toContain('dynamodb:Scan');
    expect(all).not.toContain('dynamodb:ListTables');
    expect(all).not.toContain('lambda:ListFunctions');
    // the sink stream is no stage's input: the console never touches it
    expect(JSON.stringify(sts)).not.toContain('page-counts');
    const lambda = sts.filter((s) => actions(s).some((a) => a.startsWith('lambda:')));
    expect(lambda).toHaveLength(1);
    expect(actions(lambda[0]!)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(lambda[0]!.Resource)).toMatch(new RegExp(`:function:${FN}"`));
  });

  it('writes only the rescale log and jobs, and reads only its stages, failure and rescale keys', () => {
    const sts = consoleStatements(built).filter((s) => actions(s)[0]!.startsWith('dynamodb:'));
    const keysOf = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    const reads = sts.find((s) => actions(s).includes('dynamodb:Query'))!;
    expect(keysOf(reads)).toEqual([
      'CP#s1',
      'CP#s2',
      'DLQ#s1',
      'DLQ#s2',
      'PIPELINE',
      'RESCALE',
      'CONSOLE#JOB',
    ]);
    const writes = sts.filter((s) => actions(s).some((a) => /Put|Update|Delete/.test(a)));
    // read mode: the source reads the user's stream, so no replay marks
    expect(writes.map((s) => [actions(s), keysOf(s)])).toEqual([
      [['dynamodb:PutItem'], ['RESCALE']], // the rescale log is append-only
      [['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], ['CONSOLE#JOB']],
    ]);
    for (const s of sts) expect(keysOf(s)).toBeDefined();
  });

  it("rescales only the pipeline's own streams unless userStreams is 'write'", () => {
    const kinesisWrites = (b: Built) =>
      consoleStatements(b).filter((s) =>
        actions(s).some((a) => a === 'kinesis:UpdateShardCount' || a === 'kinesis:PutRecords'),
      );
    const read = kinesisWrites(built);
    expect(read.flatMap(actions)).toEqual(['kinesis:UpdateShardCount']);
    expect(JSON.stringify(read)).not.toMatch(userStream('clicks'));
    expect(read[0]!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PipelineStream/), 'Arn'] });

    const write = buildConsoleStack(spec, { userStreams: 'write' });
    write.template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: FN,
      Environment: { Variables: Match.objectLike({ SLUICE_CONSOLE_USER_STREAMS: 'write' }) },
    });
    const w = kinesisWrites(write);
    const rescale = w.find((s) => actions(s).includes('kinesis:UpdateShardCount'))!;
    expect(JSON.stringify(rescale.Resource)).toMatch(userStream('clicks'));
    // dead letters of the source stage replay into the user's stream, and only there
    const put = w.find((s) => actions(s).includes('kinesis:PutRecords'))!;
    expect(resources(put)).toHaveLength(1);
    expect(JSON.stringify(put.Resource)).toMatch(userStream('clicks'));
    const mark = consoleStatements(write).find((s) => actions(s).join() === 'dynamodb:UpdateItem')!;
    expect(mark.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual(['DLQ#s1']);
  });

  it('grants a caller both actions an IAM-authenticated function URL needs', () => {
    const stack = new PipelineStack(
      new App({ analyticsReporting: false, builtinCloudFormationValidation: false }),
      'sluice-grant',
      {
        spec,
        handlerDir: fakeHandlerDir(spec),
        console: { assetDir: fakeConsoleDir(spec) },
      },
    );
    const role = new Role(stack, 'Operator', { assumedBy: new AccountRootPrincipal() });
    stack.console!.grantInvokeUrl(role);
    const t = Template.fromStack(stack);
    const policy = Object.values(resourcesOf(t, 'AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p.Properties.Roles).includes('Operator'),
    )!;
    const sts = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(sts.map((s) => [actions(s), s.Condition])).toEqual([
      [['lambda:InvokeFunctionUrl'], { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } }],
      [['lambda:InvokeFunction'], { Bool: { 'lambda:InvokedViaFunctionUrl': true } }],
    ]);
    for (const s of sts)
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ConsoleFunction/), 'Arn'] });
  });

  it('passes cdk-nag (AwsSolutions) with the console on, every suppression with a reason', () => {
    for (const b of [built, buildConsoleStack(spec, { userStreams: 'write' })]) {
      const result = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(b.app);
      expect(result.violations).toEqual([]);
    }
    const fn = built.stack.console!.fn.function;
    const acks = fn.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    for (const m of acks) {
      for (const reason of Object.values(m.data as Record<string, string>))
        expect(reason.length).toBeGreaterThan(40);
    }
  });

  it('refuses an asset directory that lacks the bundle or holds another pipeline', () => {
    const other = { ...spec, name: 'someone-else' };
    const make = (assetDir: string) => () =>
      new PipelineStack(
        new App({ analyticsReporting: false, builtinCloudFormationValidation: false }),
        'sluice-x',
        {
          spec,
          handlerDir: fakeHandlerDir(spec),
          console: { assetDir },
        },
      );
    expect(make('/nonexistent/console')).toThrow(ConsoleAssetError);
    expect(make(fakeConsoleDir(other))).toThrow(/holds the spec of pipeline 'someone-else'/);
  });
});

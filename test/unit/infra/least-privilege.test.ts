import { describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../compiler/spec/index.ts';
import { GrantScopeError } from '../../../infra/errors.ts';
import { IntrinsicResolver } from '../../../localstack/assembly/intrinsics.ts';
import type { CfnTemplateDoc } from '../../../localstack/assembly/read-assembly.ts';
import { type IamStatement, policiesByFunction } from '../../support/iam-eval.ts';
import { buildConsoleStack } from './console-helpers.ts';
import { type Built, buildStack, exampleSpec, specOf } from './helpers.ts';

/**
 * Least privilege of the cloud stack (docs/security.md, "Cloud grants"): no `*` resource, no
 * wildcard action, S3 objects only under the pipeline's own folder, and each role only the
 * DynamoDB and Kinesis actions its runtime calls (test/integration/infra/grants-cover-runtime.test.ts
 * checks the other direction: that those grants cover every call).
 */
const FS = `CREATE TABLE orders (id BIGINT, page TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts)
    WITH (connector = 'filesystem', path = 's3://lake/in/', format = 'json', type = 'source', idle_micros = '1000000');
  CREATE TABLE counts WITH (connector = 'filesystem', path = 's3://lake/out/', format = 'json', type = 'sink');
  INSERT INTO counts SELECT window.start AS ws, page, count(*) AS n FROM orders
    GROUP BY tumble(interval '1 minute') AS window, page;`;
const NEXMARK = `CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '10', runtime = '5');
  CREATE TABLE out WITH (connector = 'kinesis', stream_name = 'bids-out', format = 'json', type = 'sink');
  INSERT INTO out SELECT bid.auction, bid.price FROM nexmark WHERE bid IS NOT NULL;`;

const fsSpec = () => specOf(FS, 'fs', 2);

/** Every policy statement of a stack, resolved to local ARNs, by function name. */
const policies = (b: Built) => policiesByFunction(b.template.toJSON() as CfnTemplateDoc);
const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const actionsOf = (sts: readonly IamStatement[]) => sts.flatMap((s) => list(s.Action));

async function stacks(): Promise<[string, Built][]> {
  return [
    ['kinesis example with its console', buildConsoleStack(await exampleSpec(2), { userStreams: 'write' })],
    ['filesystem source and sink with its console', buildConsoleStack(fsSpec())],
    ['nexmark', buildStack(specOf(NEXMARK, 'nx', 1))],
  ];
}

describe('least privilege', () => {
  it('has no * resource, no wildcard action, no PassRole; wildcards only in S3 prefixes and own log groups', async () => {
    for (const [name, built] of await stacks()) {
      const t = built.template.toJSON() as CfnTemplateDoc;
      const resolver = new IntrinsicResolver(t);
      for (const [id, r] of Object.entries(t.Resources)) {
        if (r.Type === 'AWS::IAM::Policy') {
          const doc = resolver.resolve(r.Properties?.PolicyDocument) as { Statement: IamStatement[] };
          for (const s of doc.Statement) {
            for (const a of list(s.Action)) expect(a, `${name} ${id}`).not.toMatch(/\*|^iam:/);
            for (const res of list(s.Resource)) {
              expect(res, `${name} ${id}`).not.toBe('*');
              if (!res.includes('*')) continue;
              // documented: objects under an S3 folder, and the own log group's streams
              expect(res, `${name} ${id}`).toMatch(
                /^arn:aws:s3:::[^/*]+\/(?:[^*]+\/)\*$|^arn:aws:logs:[^*]+:log-group:\/aws\/lambda\/sluice-[^*]+:\*$/,
              );
            }
          }
        }
        if (r.Type === 'AWS::Lambda::Permission') {
          // schedules may invoke only from their own rule; nothing is public
          expect(r.Properties?.Principal, `${name} ${id}`).not.toBe('*');
          if (r.Properties?.Principal === 'events.amazonaws.com')
            expect(r.Properties?.SourceArn, `${name} ${id}`).toBeDefined();
        }
        expect(r.Type, `${name} ${id}`).not.toMatch(/^AWS::IAM::(ManagedPolicy|User|Group)$/);
      }
    }
  });

  it("grants S3 objects only under the pipeline's own folder (<prefix><pipeline>/), never the prefix", () => {
    const p = policies(buildStack(fsSpec()));
    // the user's bucket (the stack's own buckets are checked by the test above)
    const inLake = (s: IamStatement) => list(s.Resource).every((r) => r.startsWith('arn:aws:s3:::lake'));
    const objects = (fn: string) =>
      (p.get(fn) ?? []).filter((s) => inLake(s) && !actionsOf([s]).includes('s3:ListBucket'));
    const sink = [
      { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::lake/out/fs/s2/*' },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: 'arn:aws:s3:::lake/out/fs/_sluice_staging/s2/*',
      },
    ];
    expect(objects('sluice-fs-s2')).toEqual(sink);
    expect(objects('sluice-fs-clock')).toEqual(sink);
    expect(objects('sluice-fs-s1')).toEqual([]);
    expect(objects('sluice-fs-ingest-s1')).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::lake/in/*' },
    ]);
    const listings = [...p.values()]
      .flat()
      .filter((s) => inLake(s) && actionsOf([s]).includes('s3:ListBucket'));
    expect(listings.map((s) => s.Condition)).toEqual([
      { StringLike: { 's3:prefix': ['out/fs/s2/*', 'out/fs/_sluice_staging/s2/*'] } },
      { StringLike: { 's3:prefix': ['out/fs/s2/*', 'out/fs/_sluice_staging/s2/*'] } },
      { StringLike: { 's3:prefix': ['in/*'] } },
    ]);
  });

  it('refuses a hand-written spec whose filesystem prefix is the whole bucket', () => {
    const withPrefix = (spec: PipelineSpec, role: 'source' | 'sink'): PipelineSpec =>
      JSON.parse(
        JSON.stringify(spec, (k, v) =>
          k === 'prefix' && v === (role === 'sink' ? 'out/' : 'in/') ? '' : (v as unknown),
        ),
      ) as PipelineSpec;
    for (const role of ['sink', 'source'] as const) {
      let err: unknown;
      try {
        buildStack(withPrefix(fsSpec(), role));
      } catch (e) {
        err = e;
      }
      expect(err, role).toBeInstanceOf(GrantScopeError);
      expect((err as GrantScopeError).code).toBe('GRANT_TOO_WIDE');
      expect((err as Error).message).toContain('the whole bucket');
      expect((err as Error).message).toContain(
        `path = 's3://lake/${role === 'sink' ? 'counts' : 'orders'}/'`,
      );
    }
  });

  it('gives each role only the DynamoDB actions its runtime calls, always on named partition keys', async () => {
    const p = policies(buildConsoleStack(fsSpec()));
    const dynamo = (fn: string) =>
      (p.get(fn) ?? []).filter((s) => actionsOf([s]).every((a) => a.startsWith('dynamodb:')));
    const summary = (fn: string) =>
      dynamo(fn).map((s) => [
        list(s.Action),
        ((s.Condition?.['ForAllValues:StringLike'] ?? {}) as Record<string, string[]>)[
          'dynamodb:LeadingKeys'
        ],
      ]);
    const stage = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'];
    expect(summary('sluice-fs-s2')).toEqual([
      [
        [...stage, 'dynamodb:BatchWriteItem'],
        ['CP#s2', 'ST#s2#*', 'DLQ#s2', 'PIPELINE'],
      ],
    ]);
    // with bad_data = 'drop' upstream, a stage never writes the failure item
    const drop = policiesByFunction(
      buildStack(
        specOf(FS.replace("idle_micros = '1000000'", "bad_data = 'drop'"), 'fs', 2),
      ).template.toJSON() as CfnTemplateDoc,
    );
    for (const fn of ['sluice-fs-s1', 'sluice-fs-s2'])
      expect(JSON.stringify(drop.get(fn)), fn).not.toContain('"PIPELINE"');
    expect(summary('sluice-fs-clock')).toEqual([
      [
        ['dynamodb:GetItem', 'dynamodb:Query'],
        ['CP#s1', 'CP#s2'],
      ],
      [['dynamodb:PutItem'], ['CP#s1']], // only the idle source it drives
    ]);
    expect(summary('sluice-fs-ingest-s1')).toEqual([
      [
        ['dynamodb:GetItem', 'dynamodb:Query'],
        ['IN#s1', 'CP#s1'],
      ],
      [['dynamodb:PutItem'], ['IN#s1']],
    ]);
    for (const [fn, sts] of p) {
      const actions = actionsOf(sts);
      for (const a of ['dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:TransactWriteItems'])
        expect(actions, fn).not.toContain(a);
      if (!fn.endsWith('-console')) {
        expect(actions, fn).not.toContain('dynamodb:UpdateItem');
        expect(actions, fn).not.toContain('dynamodb:DeleteItem');
      }
      for (const s of sts.filter((x) => actionsOf([x]).some((a) => a.startsWith('dynamodb:'))))
        expect(s.Condition?.['ForAllValues:StringLike'], fn).toHaveProperty(['dynamodb:LeadingKeys']);
    }
  });

  it('gives writers PutRecords and ListShards only, and reads only to the streams a role reads', () => {
    const p = policies(buildStack(fsSpec()));
    const kinesis = (fn: string) =>
      (p.get(fn) ?? [])
        .filter((s) => actionsOf([s]).every((a) => a.startsWith('kinesis:')))
        .map((s) => [list(s.Action), list(s.Resource).map((r) => r.replace(/^.*:stream\//, ''))]);
    const mapping = [
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
    ];
    const write = ['kinesis:PutRecords', 'kinesis:ListShards'];
    expect(kinesis('sluice-fs-s1')).toEqual([
      [mapping, ['sluice-fs-ingest-orders']],
      [write, ['sluice-fs-edge-s2']],
    ]);
    // s2 lists its upstream's input shards (its watermark's producers), nothing more there
    expect(kinesis('sluice-fs-s2')).toEqual([
      [mapping, ['sluice-fs-edge-s2']],
      [['kinesis:ListShards'], ['sluice-fs-ingest-orders']],
    ]);
    // the clock reads the tail of the idle source's input, marks only the shuffle stream
    expect(kinesis('sluice-fs-clock')).toEqual([
      [['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords'], ['sluice-fs-ingest-orders']],
      [write, ['sluice-fs-edge-s2']],
    ]);
    // the ingest function only writes
    expect(kinesis('sluice-fs-ingest-s1')).toEqual([[write, ['sluice-fs-ingest-orders']]]);
  });
});

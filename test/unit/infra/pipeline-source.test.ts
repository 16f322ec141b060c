import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { compile, readUdfModule } from '../../../compiler/index.ts';
import { HandlerBundleError, PipelinePropsError } from '../../../infra/errors.ts';
import { Pipeline } from '../../../infra/pipeline.ts';
import { pipelineNameOf } from '../../../infra/pipeline-source.ts';
import { scratchDir } from '../../support/scratch-dir.ts';
import { EXAMPLE, fakeHandlerDir } from './helpers.ts';

const sql = readFileSync(EXAMPLE, 'utf8');
const stackIn = () =>
  new Stack(
    new App({
      outdir: scratchDir('cdk-'),
      analyticsReporting: false,
      builtinCloudFormationValidation: false,
    }),
    'Shop',
    {},
  );

describe("Pipeline given SQL text: new Pipeline(this, 'Orders', { sql })", () => {
  it('compiles the SQL (named after the construct id) and bundles the stage handler itself', () => {
    const stack = stackIn();
    const pipeline = new Pipeline(stack, 'OrdersPipeline', { sql, parallelism: 2 });
    expect(pipeline.settings.spec.name).toBe('orders-pipeline');
    expect(pipeline.settings.spec.streams.map((s) => s.shards)).toEqual([2]);
    const dir = pipeline.settings.handlerDir;
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toContain('export {');
    expect(JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'))).toEqual(pipeline.settings.spec);
    const names = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function')).map(
      (f) => (f.Properties as { FunctionName: string }).FunctionName,
    );
    expect(names.sort()).toEqual([
      'sluice-orders-pipeline-clock',
      'sluice-orders-pipeline-s1',
      'sluice-orders-pipeline-s2',
    ]);
  });

  it('takes a name, and builds the same resources as from the compiled spec', () => {
    const fromSql = stackIn();
    new Pipeline(fromSql, 'P', { sql, name: 'clicks', parallelism: 2 });
    const spec = compile(sql, { name: 'clicks', parallelism: 2 });
    const fromSpec = stackIn();
    new Pipeline(fromSpec, 'P', { spec, handlerDir: fakeHandlerDir(spec) });
    const types = (s: Stack) =>
      Object.entries(Template.fromStack(s).toJSON().Resources as Record<string, { Type: string }>)
        .map(([id, r]) => `${id} ${r.Type}`)
        .sort();
    expect(types(fromSql)).toEqual(types(fromSpec));
  });

  it('refuses both sql and spec, and neither (PIPELINE_PROPS_INVALID)', () => {
    const spec = compile(sql, { name: 'clicks' });
    expect(() => new Pipeline(stackIn(), 'P', { sql, spec })).toThrow(PipelinePropsError);
    expect(() => new Pipeline(stackIn(), 'P', {})).toThrow(/give the pipeline as 'sql'.*not neither/);
  });

  it('reports bad SQL with the compiler’s error, and asks for a handler directory when UDFs are called', () => {
    expect(() => new Pipeline(stackIn(), 'P', { sql: 'SELECT nope FROM nowhere' })).toThrow(/nowhere/);
    const defs = readUdfModule(
      '/virtual/m.ts',
      'export function twice(x: number): number { return 2 * x; }',
      'm.ts',
    );
    const udfSql = sql
      .replace('page,\n  count(*)', 'twice(user_id) AS u, page,\n  count(*)')
      .replace('AS window, page;', 'AS window, page, twice(user_id);');
    const spec = compile(udfSql, { name: 'udfs', udfs: defs });
    expect(spec.udfs?.length).toBe(1);
    expect(() => new Pipeline(stackIn(), 'P', { spec })).toThrow(HandlerBundleError);
  });

  it('derives pipeline names from construct ids', () => {
    expect(pipelineNameOf('Orders')).toBe('orders');
    expect(pipelineNameOf('OrdersPipeline')).toBe('orders-pipeline');
    expect(pipelineNameOf('Orders_v2')).toBe('orders-v2');
    expect(pipelineNameOf('2Fast')).toBe('fast');
    expect(pipelineNameOf('__')).toBe('pipeline');
  });
});

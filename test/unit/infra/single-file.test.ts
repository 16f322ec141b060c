import { describe, expect, it } from 'vitest';
import { CloudConnectorError } from '../../../infra/errors.ts';
import { loadPipeline } from '../../../ops/load-pipeline.ts';
import { buildStack, specOf } from './helpers.ts';

describe('single_file in the cloud', () => {
  it('refuses a single_file source with a code, the connector, the table and the alternatives', async () => {
    const spec = await loadPipeline('examples/orders.sql', 1);
    let err: unknown;
    try {
      buildStack(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CloudConnectorError);
    const e = err as CloudConnectorError;
    expect(e.code).toBe('CLOUD_CONNECTOR_UNSUPPORTED');
    expect(e.message).toContain("'single_file'");
    expect(e.message).toContain("source table 'orders'");
    expect(e.message).toContain("connector = 'kinesis'");
  });

  it('refuses a single_file sink', () => {
    const spec = specOf(
      `CREATE TABLE ev (id BIGINT) WITH (connector = 'kinesis', stream_name = 'ev', 'source.offset' = 'earliest', format = 'json', type = 'source');
       CREATE TABLE out WITH (connector = 'single_file', path = 'out.jsonl', format = 'json', type = 'sink');
       INSERT INTO out SELECT id FROM ev;`,
      'file-sink',
      1,
    );
    expect(() => buildStack(spec)).toThrow(/sink table 'out' uses connector 'single_file'/);
    expect(() => buildStack(spec)).toThrow(/connector = 'filesystem' \(path = 's3:/);
  });

  it("synthesizes single_file pipelines for target 'local' (sluice run), with their ingest stream", async () => {
    const spec = await loadPipeline('examples/orders.sql', 2);
    const { template } = buildStack(spec, { target: 'local' });
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'sluice-orders-ingest-orders',
      ShardCount: 2,
    });
  });
});

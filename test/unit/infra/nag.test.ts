import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildStack, exampleSpec, specOf } from './helpers.ts';

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
        out.push({ path: c.node.path, id, reason });
      }
    }
  }
  return out;
}

describe('cdk-nag (AwsSolutions)', () => {
  it('finds nothing in the example pipeline', async () => {
    const { app } = buildStack(await exampleSpec(2));
    const result = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    expect(result.violations).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('finds nothing in a pipeline with a preview stream and a single stage', () => {
    const spec = specOf(
      `CREATE TABLE ev (id BIGINT, page TEXT) WITH (connector = 'kinesis', stream_name = 'ev', 'source.offset' = 'earliest', format = 'json', type = 'source');
       SELECT id, page FROM ev;`,
      'nag-preview',
      1,
    );
    const { app } = buildStack(spec);
    expect(new AwsSolutionsChecks().validateScope(app).violations).toEqual([]);
  });

  it('gives every suppression a written reason', async () => {
    const { app } = buildStack(await exampleSpec(2));
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.id).toMatch(/AwsSolutions-/);
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThan(40);
    }
    expect(new Set(acks.map((a) => a.id.replace(/^annotation::/i, '')))).toEqual(
      new Set([
        'AwsSolutions-L1',
        // the on-failure bucket: no access-log bucket; Lambda's own object names under aws/lambda/
        'AwsSolutions-S1',
        expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<PipelineFailedRecordsBucket\w+\.Arn>\/aws\/lambda\/\*\]$/,
        ),
      ]),
    );
  });
});

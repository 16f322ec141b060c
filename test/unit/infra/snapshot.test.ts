import { describe, expect, it } from 'vitest';
import { buildStack, exampleSpec, normalizeAssets } from './helpers.ts';

describe('synth snapshot', () => {
  it('of examples/kinesis-tumble.sql at parallelism 2 (asset hashes normalized)', async () => {
    const { template } = buildStack(await exampleSpec(2));
    expect(normalizeAssets(template.toJSON())).toMatchSnapshot();
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleConsoleFunction } from '../../../infra/console/console-asset.ts';

/**
 * The deployed console function is built by the same call as `sluice deploy --console` and the
 * CDK app (infra/console/console-asset.ts). It serves the console's API over the control plane
 * (ops/); the CLI is a face of its own and must not ride along, nor the CDK or the bundler that
 * ops/ loads only on first use.
 */
describe('the console function bundle', () => {
  let dir: string;
  let meta: Metafile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-console-bundle-'));
    meta = await bundleConsoleFunction(join(dir, 'index.mjs'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const bundled = () => {
    const out = Object.values(meta.outputs)[0];
    if (!out) throw new Error('esbuild wrote no output');
    return Object.entries(out.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k);
  };

  it('holds the console handler and the control plane it calls', () => {
    const files = bundled();
    expect(files).toContain('console/cloud/lambda-handler.ts');
    expect(files).toContain('ops/rescale/run-rescale.ts');
    expect(files).toContain('ops/dlq/dlq-replay.ts');
  });

  it('reads no file of the CLI', () => {
    expect(Object.keys(meta.inputs).filter((f) => f.startsWith('cli/'))).toEqual([]);
  });

  it('carries neither the CDK, infra/ nor esbuild', () => {
    const heavy = bundled().filter((f) =>
      /^infra\/|node_modules\/(aws-cdk-lib|constructs|esbuild)\//.test(f),
    );
    expect(heavy).toEqual([]);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRATCH_ENV } from './scratch-dir.ts';

/** Vitest global setup: one scratch folder for the run's test processes, removed afterwards. */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-test-scratch-'));
  process.env[SCRATCH_ENV] = dir;
  return async () => {
    delete process.env[SCRATCH_ENV];
    await rm(dir, { recursive: true, force: true });
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Set by the global setup (scratch-setup.ts) to a folder it removes after the run. */
export const SCRATCH_ENV = 'SLUICE_TEST_SCRATCH';

let root: string | undefined;

function scratchRoot(): string {
  if (root !== undefined) return root;
  const fromSetup = process.env[SCRATCH_ENV];
  if (fromSetup) {
    root = fromSetup;
    return root;
  }
  const created = mkdtempSync(join(tmpdir(), 'sluice-test-scratch-'));
  process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  root = created;
  return created;
}

/**
 * A fresh folder under the test run's scratch root, so helpers that build many stacks (handler
 * stand-ins, CDK outdirs) leave nothing in the system's temporary folder: the global setup removes
 * the root after the run (a test process's own root goes when it exits).
 */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(scratchRoot(), prefix));
}

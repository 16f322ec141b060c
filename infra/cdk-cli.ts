import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CdkCliError } from './errors.ts';

/**
 * The pinned CDK CLI (`aws-cdk@2.1148.1`, matching `aws-cdk-lib@2.276.0`) of this install: a
 * dependency, so it resolves from a checkout and from the installed package alike.
 */
export function cdkBin(): string {
  let bin: string;
  try {
    bin = join(dirname(createRequire(import.meta.url).resolve('aws-cdk/package.json')), 'bin', 'cdk');
  } catch {
    bin = 'aws-cdk/bin/cdk';
  }
  if (!existsSync(bin)) {
    throw new CdkCliError('CDK_MISSING', `the pinned CDK CLI is not installed (${bin}); run 'npm install'`);
  }
  return bin;
}

/**
 * The environment that keeps the CDK CLI off the network except for the deployment itself: no
 * telemetry, no version check, and its own CDK_HOME (no notices cache shared with other tools).
 * Values the caller already set win.
 */
export function cdkEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const home = base.CDK_HOME ?? join(homedir(), '.sluice', 'cdk-home');
  mkdirSync(home, { recursive: true });
  return {
    ...base,
    CDK_DISABLE_CLI_TELEMETRY: base.CDK_DISABLE_CLI_TELEMETRY ?? '1',
    CDK_DISABLE_VERSION_CHECK: base.CDK_DISABLE_VERSION_CHECK ?? '1',
    CDK_HOME: home,
  };
}

/** Flags added to every CDK CLI call. */
export const CDK_QUIET_FLAGS = ['--no-notices'] as const;

export interface RunCdkOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Send the CLI's stdout to our stderr (keeps stdout for `--json`). @default false */
  readonly stdoutToStderr?: boolean;
}

/** Runs the pinned CDK CLI with `args` (plus `--no-notices`); rejects with `CDK_FAILED` on a non-zero exit. */
export function runCdk(args: readonly string[], opts: RunCdkOptions = {}): Promise<void> {
  const bin = cdkBin();
  const full = [...CDK_QUIET_FLAGS, ...args];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...full], {
      cwd: opts.cwd ?? process.cwd(),
      env: cdkEnv(opts.env ?? process.env),
      stdio: ['inherit', opts.stdoutToStderr ? process.stderr : 'inherit', 'inherit'],
    });
    child.on('error', (err) =>
      reject(new CdkCliError('CDK_FAILED', `cannot start the CDK CLI: ${err.message}`)),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolvePromise();
      else
        reject(
          new CdkCliError(
            'CDK_FAILED',
            `'cdk ${full.join(' ')}' failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see its output above`,
          ),
        );
    });
  });
}

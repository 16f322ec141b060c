import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { makeLambda } from '../../../functions/aws/clients.ts';
import { SHARED_DYNAMODB_ENV } from '../../../localstack/dynamodb/dynamodb-namespace.ts';
import { PortInUseError, startLocalStack } from '../../../localstack/index.ts';
import { createFixtureFunction, waitFor } from './helpers.ts';
import { signedFetch } from './signed-fetch.ts';

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([, comm]) => comm !== undefined && comm !== 'ps') // ps lists itself
      .map(([p]) => Number(p));
  } catch {
    return []; // ps exits 1 when nothing matches
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// These test the stack's own DynamoDB Local process (java), not the test run's shared one.
delete process.env[SHARED_DYNAMODB_ENV];

describe('stopping the local stack', () => {
  it('stop() leaves no child process and closes the endpoint', async () => {
    const before = new Set(childrenOf(process.pid));
    const stack = await startLocalStack({ port: 0 });
    const lambda = makeLambda({ endpoint: stack.endpoint });
    await createFixtureFunction(lambda, 'stop-fn', { OUT_DIR: '/tmp' });
    await lambda.send(new InvokeCommand({ FunctionName: 'stop-fn', Payload: '{}' }));
    lambda.destroy();
    const workers = stack.lambda!.workerPids();
    expect(workers).toHaveLength(1);
    const started = childrenOf(process.pid).filter((p) => !before.has(p));
    expect(started.length).toBeGreaterThanOrEqual(2); // java + the worker
    expect(started).toEqual(expect.arrayContaining(workers));

    await stack.stop();
    expect(childrenOf(process.pid).filter((p) => !before.has(p))).toEqual([]);
    for (const pid of started) expect(alive(pid)).toBe(false);
    await expect(signedFetch(`${stack.endpoint}/_sluice/health`)).rejects.toThrow();
  });

  it('kills java and the workers when the parent gets SIGTERM', async () => {
    const script = fileURLToPath(new URL('../../fixtures/localstack/stack-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await waitFor('child stack', () => out.includes('\n'), 60_000);
    const { pids, workers } = JSON.parse(out.split('\n')[0]!) as { pids: number[]; workers: number[] };
    expect(workers).toHaveLength(1);
    expect(pids).toEqual(expect.arrayContaining(workers));
    expect(pids.length).toBeGreaterThanOrEqual(2);
    child.kill('SIGTERM');
    await exited;
    await waitFor('grandchildren to exit', () => pids.every((p) => !alive(p)), 10_000);
  });

  it('fails with EADDRINUSE on a busy port and leaves nothing behind', async () => {
    const a = await startLocalStack({ port: 0, lambda: false });
    try {
      const before = new Set(childrenOf(process.pid));
      const port = Number(new URL(a.endpoint).port);
      const err = await startLocalStack({ port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as PortInUseError).code).toBe('EADDRINUSE');
      expect(childrenOf(process.pid).filter((p) => !before.has(p))).toEqual([]);
    } finally {
      await a.stop();
    }
  });
});

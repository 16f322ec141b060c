import {
  ConsoleError,
  createSigner,
  newToken,
  resolveRemote,
  type SigningProxy,
  startSigningProxy,
} from '../../console/index.ts';
import { makeLambda } from '../../functions/index.ts';
import { UsageError } from '../../ops/index.ts';
import { parseFlags, portOf } from '../args.ts';
import { DEFAULT_CONSOLE_PORT } from './dev.ts';

export interface RemoteArgs {
  /** A function URL or a pipeline name. */
  readonly remote: string;
  readonly region: string | undefined;
  readonly consolePort: number;
}

/** Parses `--remote URL|PIPELINE [--region R] [--console-port PORT]`; throws UsageError. */
export function parseRemoteArgs(argv: readonly string[]): RemoteArgs {
  const parsed = parseFlags(
    argv,
    { remote: { type: 'string' }, region: { type: 'string' }, 'console-port': { type: 'string' } },
    "See 'sluice console --help'.",
  );
  const v = parsed.values;
  if (parsed.positionals.length > 0)
    throw new UsageError(`sluice console --remote takes no file, got: ${parsed.positionals.join(' ')}`);
  if (!v.remote) throw new UsageError('--remote needs the console function URL or the pipeline name');
  const consolePort = portOf('--console-port', v['console-port'], DEFAULT_CONSOLE_PORT);
  return { remote: v.remote, region: v.region ?? process.env.AWS_REGION, consolePort };
}

/**
 * `sluice console --remote URL|PIPELINE`: the console of a deployed pipeline. Its function URL is
 * IAM-authenticated, so a browser cannot call it; this serves 127.0.0.1 and signs each request with
 * your AWS credentials (SigV4), until Ctrl-C.
 */
export async function consoleRemoteCommand(argv: readonly string[]): Promise<number> {
  const args = parseRemoteArgs(argv);
  const step = (s: string) => process.stderr.write(`  ${s}\n`);
  // Never the local stack's fake credentials: the function URL is on AWS.
  const lambda = makeLambda({ ...(args.region ? { region: args.region } : {}), endpoint: '' });
  let target: Awaited<ReturnType<typeof resolveRemote>>;
  try {
    target = await resolveRemote(args.remote, { region: args.region, lambda: () => lambda });
  } catch (err) {
    if (err instanceof ConsoleError && err.status < 500) throw new UsageError(err.message);
    throw err;
  }
  step(`checking your AWS credentials (region ${target.region})`);
  const credentials = lambda.config.credentials;
  try {
    await credentials();
  } catch (err) {
    throw new UsageError(
      `no AWS credentials (${(err as Error).message}): the remote console signs each request with your ` +
        'identity; sign in first (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
    );
  }
  const token = newToken();
  const sign = createSigner({ region: target.region, credentials });
  const start = (port: number) => startSigningProxy({ target: target.url, port, token, sign });
  let proxy: SigningProxy;
  try {
    proxy = await start(args.consolePort);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE' || args.consolePort === 0) throw err;
    step(`port ${args.consolePort} is busy; using a free port`);
    proxy = await start(0);
  }
  const done = new Promise<void>((r) => {
    process.once('SIGINT', () => r());
    process.once('SIGTERM', () => r());
  });
  process.stdout.write(
    `\nsluice console (remote): ${proxy.url}#token=${token}\n` +
      `  API token (Authorization: Bearer …): ${token}\n` +
      `  forwards to ${target.url.origin}${target.functionName ? ` (${target.functionName})` : ''}, ` +
      `signed (SigV4, lambda, ${target.region}) with your AWS identity\n` +
      'Press Ctrl-C to stop.\n',
  );
  try {
    await done;
    step('stopping');
    return 0;
  } finally {
    await proxy.stop();
  }
}

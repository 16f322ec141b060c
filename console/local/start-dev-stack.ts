import { type LocalStack, startLocalStack } from '../../localstack/index.ts';
import { InvocationTimer } from '../metrics/invocation-timer.ts';

/**
 * Starts the embedded local stack for `sluice dev`/`sluice console`, with an InvocationTimer on the
 * emulator's fault seam (it injects nothing) so the console can chart invocation durations.
 * A busy port falls back to a free one.
 */
export async function startDevStack(opts: {
  readonly port: number;
  readonly dataDir: string;
  readonly log?: (line: string) => void;
  readonly onStep: (step: string) => void;
}): Promise<{ stack: LocalStack; timer: InvocationTimer }> {
  const timer = new InvocationTimer();
  const base = { dataDir: opts.dataDir, faults: timer, ...(opts.log ? { log: opts.log } : {}) };
  try {
    return { stack: await startLocalStack({ port: opts.port, ...base }), timer };
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE' || opts.port === 0) throw err;
    opts.onStep(`port ${opts.port} is busy; using a free port`);
    return { stack: await startLocalStack({ port: 0, ...base }), timer };
  }
}

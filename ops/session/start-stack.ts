import type { LocalStack, LocalStackOptions } from '../../localstack/index.ts';

export type { UsageTotals } from '../../localstack/index.ts';

/** Starts the embedded local stack on `port`, or on a free port if that one is taken. */
export async function startStack(opts: {
  readonly port: number;
  readonly dataDir: string;
  /** The S3 emulator's folder (`<dir>/<bucket>/<key>`). @default inside dataDir */
  readonly s3Dir?: string;
  readonly log?: (line: string) => void;
  readonly onStep: (step: string) => void;
  /** Fault injectors (`--chaos`). */
  readonly faults?: Pick<LocalStackOptions, 'faults' | 'gatewayFaults'>;
  /** Meter DynamoDB capacity and Lambda GB-seconds (LocalStack.usage()). @default false */
  readonly meterUsage?: boolean;
}): Promise<LocalStack> {
  const { startLocalStack } = await import('../../localstack/index.ts'); // on first use: see ops/index.ts
  const log = {
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.s3Dir ? { s3Dir: opts.s3Dir } : {}),
    ...opts.faults,
    ...(opts.meterUsage ? { meterUsage: true } : {}),
  };
  try {
    return await startLocalStack({ port: opts.port, dataDir: opts.dataDir, ...log });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE' || opts.port === 0) throw err;
    opts.onStep(`port ${opts.port} is busy; using a free port`);
    return startLocalStack({ port: 0, dataDir: opts.dataDir, ...log });
  }
}

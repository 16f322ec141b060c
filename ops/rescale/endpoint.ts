import { UsageError } from '../errors.ts';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';

/** `--endpoint`, else AWS_ENDPOINT_URL, else the local stack's default endpoint. */
export function resolveEndpoint(flag: string | undefined): string {
  const endpoint = flag ?? process.env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT;
  try {
    new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint must be a URL like ${DEFAULT_ENDPOINT}, got '${endpoint}'`);
  }
  return endpoint;
}

/** Turns "connection refused" into advice to start a stack. */
export function explainConnection(err: unknown, endpoint: string): never {
  const e = err as { code?: string; name?: string; message?: string };
  if (e.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(e.message ?? '')) {
    throw new UsageError(
      `nothing answers at ${endpoint}. Start a pipeline with 'sluice dev FILE.sql' or 'sluice console', or pass --endpoint.`,
    );
  }
  throw err;
}

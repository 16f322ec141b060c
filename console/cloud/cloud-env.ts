import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type PipelineSpec, parsePipelineSpec } from '../../compiler/spec/index.ts';
import { ConsoleError } from '../errors.ts';

/**
 * The console function's environment (set by `PipelineConsole`, infra/console/pipeline-console.ts).
 * `AWS_LAMBDA_FUNCTION_NAME` is set by Lambda (and by sluice's emulator): the console invokes
 * itself asynchronously to run a rescale.
 */
export const consoleEnvSchema = z.object({
  SLUICE_TABLE: z.string().min(3),
  SLUICE_SPEC_FILE: z.string().default('./spec.json'),
  /** What the console may do to the user's own source streams. */
  SLUICE_CONSOLE_USER_STREAMS: z.enum(['read', 'write']).default('read'),
  /** The function timeout, s: a rescale job not finished after it has failed. */
  SLUICE_CONSOLE_TIMEOUT_S: z.coerce.number().int().positive().default(900),
  AWS_LAMBDA_FUNCTION_NAME: z.string().min(1),
  AWS_ENDPOINT_URL: z.string().optional(),
});

export type UserStreamAccess = 'read' | 'write';

export interface ConsoleConfig {
  readonly spec: PipelineSpec;
  readonly table: string;
  readonly userStreams: UserStreamAccess;
  readonly timeoutMs: number;
  readonly functionName: string;
  readonly endpoint: string | undefined;
}

/** Reads the environment and the pipeline's spec.json (next to the bundle) at cold start. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv, baseUrl: string): ConsoleConfig {
  const parsed = consoleEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConsoleError(
      'INTERNAL',
      500,
      `console function environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  const file = isAbsolute(e.SLUICE_SPEC_FILE)
    ? e.SLUICE_SPEC_FILE
    : resolve(dirname(fileURLToPath(baseUrl)), e.SLUICE_SPEC_FILE);
  const spec = parsePipelineSpec(JSON.parse(readFileSync(file, 'utf8')));
  return {
    spec,
    table: e.SLUICE_TABLE,
    userStreams: e.SLUICE_CONSOLE_USER_STREAMS,
    timeoutMs: e.SLUICE_CONSOLE_TIMEOUT_S * 1000,
    functionName: e.AWS_LAMBDA_FUNCTION_NAME,
    endpoint: e.AWS_ENDPOINT_URL,
  };
}

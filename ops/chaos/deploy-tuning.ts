import {
  GetFunctionConfigurationCommand,
  type LambdaClient,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { PipelineProps } from '../../infra/index.ts';

/**
 * How the fault-injection harness deploys and feeds a pipeline (`sluice run --chaos`): the chaos
 * seams' environment on every stage function, a short Timeout (so zombies happen in seconds),
 * small batches and small ingest records (so every run has many invocations to hit).
 */
export interface DeployTuning {
  /** Merged into every stage function's environment after the deploy. */
  readonly functionEnv?: Readonly<Record<string, string>>;
  readonly timeoutSeconds?: number;
  /** The event source mappings' BatchSize. */
  readonly batchSize?: number;
  /** Bytes per ingest envelope (`ingestFile`'s chunkBytes). */
  readonly ingestChunkBytes?: number;
}

/** The synth props a tuning overrides. */
export async function tuningProps(
  t: DeployTuning | undefined,
): Promise<Pick<PipelineProps, 'timeout' | 'mapping'>> {
  const { Duration } = await import('aws-cdk-lib'); // on first use: see ops/index.ts
  return {
    ...(t?.timeoutSeconds !== undefined ? { timeout: Duration.seconds(t.timeoutSeconds) } : {}),
    ...(t?.batchSize !== undefined ? { mapping: { batchSize: t.batchSize } } : {}),
  };
}

/**
 * Adds `env` to every deployed stage function (one with SLUICE_STAGE_ID), before any record is
 * ingested; the emulator cold-starts new workers with it.
 */
export async function applyFunctionEnv(
  lambda: LambdaClient,
  functionNames: readonly string[],
  env: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  if (!env || Object.keys(env).length === 0) return;
  for (const name of functionNames) {
    const cfg = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    const vars = cfg.Environment?.Variables ?? {};
    if (vars.SLUICE_STAGE_ID === undefined) continue;
    await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        Environment: { Variables: { ...vars, ...env } },
      }),
    );
  }
}

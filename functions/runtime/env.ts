import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type PipelineSpec, parsePipelineSpec } from '../../compiler/spec/index.ts';
import { ConfigError } from '../errors.ts';

/** What every role of the bundle (stage, clock, ingest) reads: its table, its spec, its endpoint. */
export const specEnvFields = {
  SLUICE_TABLE: z.string().min(3),
  SLUICE_SPEC: z.string().optional(),
  SLUICE_SPEC_FILE: z.string().default('./spec.json'),
  AWS_ENDPOINT_URL: z.string().optional(),
};

/** The function environment (docs/internals.md "Function environment"). */
export const runtimeEnv = z.object({
  SLUICE_STAGE_ID: z.string().regex(/^s[0-9]+$/, 'must be a stage id like s1'),
  ...specEnvFields,
});
export type RuntimeEnv = z.infer<typeof runtimeEnv>;

export interface RuntimeConfig {
  readonly stageId: string;
  readonly table: string;
  readonly spec: PipelineSpec;
  readonly endpoint: string | undefined;
}

/** `env` parsed by `schema`; a ConfigError that names `what` and every issue when it does not fit. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, what: string): z.infer<S> {
  const res = schema.safeParse(env);
  if (!res.success) {
    throw new ConfigError(
      `${what}: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return res.data;
}

export const parseRuntimeEnv = (env: NodeJS.ProcessEnv): RuntimeEnv =>
  parseEnv(runtimeEnv, env, 'stage function environment');

/**
 * The pipeline spec, read at cold start: inline (`SLUICE_SPEC`) or from `SLUICE_SPEC_FILE`, a
 * relative path resolving against the folder of the bundle (`baseUrl`, i.e. `import.meta.url`).
 */
export function loadSpec(
  e: { readonly SLUICE_SPEC?: string | undefined; readonly SLUICE_SPEC_FILE: string },
  baseUrl: string,
): PipelineSpec {
  let text = e.SLUICE_SPEC;
  if (text === undefined) {
    const file = isAbsolute(e.SLUICE_SPEC_FILE)
      ? e.SLUICE_SPEC_FILE
      : resolve(dirname(fileURLToPath(baseUrl)), e.SLUICE_SPEC_FILE);
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read the pipeline spec '${file}': ${(err as Error).message}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`the pipeline spec is not JSON: ${(err as Error).message}`);
  }
  return parsePipelineSpec(json);
}

/** Reads the config at cold start (the spec as `loadSpec` reads it). */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv, baseUrl: string): RuntimeConfig {
  const e = parseRuntimeEnv(env);
  const spec = loadSpec(e, baseUrl);
  if (!spec.stages.some((s) => s.id === e.SLUICE_STAGE_ID)) {
    throw new ConfigError(`SLUICE_STAGE_ID '${e.SLUICE_STAGE_ID}' is not a stage of pipeline '${spec.name}'`);
  }
  return { stageId: e.SLUICE_STAGE_ID, table: e.SLUICE_TABLE, spec, endpoint: e.AWS_ENDPOINT_URL };
}

import { z } from 'zod';
import { ConfigError } from '../errors.ts';

/**
 * The fault kinds of `sluice run --chaos SEED` (docs/exactly-once.md "Faults"). Each names where it
 * is injected: the stage functions' I/O seams, the ESM pollers, the gateway, or the harness driver.
 */
export const FUNCTION_FAULTS = [
  'crash-before-emit',
  'crash-mid-emit',
  'crash-after-emit',
  'crash-after-commit',
  'zombie',
] as const;
export const ESM_FAULTS = [
  'redeliver',
  'rebatch-shorter',
  'rebatch-longer',
  'partial-restart',
  'invoke-throttle',
] as const;
export const GATEWAY_FAULTS = ['put-partial', 'dynamo-throttle', 'dynamo-conflict'] as const;
export const RESHARD_FAULTS = [
  'reshard-split',
  'reshard-merge',
  'reshard-scale-up',
  'reshard-scale-down',
] as const;

export type FunctionFault = (typeof FUNCTION_FAULTS)[number];
export type EsmFault = (typeof ESM_FAULTS)[number];
export type GatewayFault = (typeof GATEWAY_FAULTS)[number];
export type ReshardFault = (typeof RESHARD_FAULTS)[number];
/** A fault kind that has a rate. */
export type RatedFault = FunctionFault | EsmFault | GatewayFault;
export type ChaosRates = Partial<Record<RatedFault, number>>;

/**
 * Default rates: per invocation (function faults; at most one per invocation, so they sum to < 1),
 * per delivery (ESM faults) and per request (gateway faults).
 */
export const DEFAULT_RATES: Readonly<Record<RatedFault, number>> = {
  'crash-before-emit': 0.06,
  'crash-mid-emit': 0.06,
  'crash-after-emit': 0.06,
  'crash-after-commit': 0.06,
  zombie: 0.03,
  redeliver: 0.08,
  'rebatch-shorter': 0.08,
  'rebatch-longer': 0.08,
  'partial-restart': 0.08,
  'invoke-throttle': 0.05,
  'put-partial': 0.15,
  'dynamo-throttle': 0.02,
  'dynamo-conflict': 0.02,
};

/** After this many attempts at one committed epoch of one shard, an invocation is left alone. */
export const MAX_FAULTY_ATTEMPTS = 4;

const rateSchema = z.number().min(0).max(1);
export const chaosRatesSchema = z
  .object(
    Object.fromEntries(
      [...FUNCTION_FAULTS, ...ESM_FAULTS, ...GATEWAY_FAULTS].map((k) => [k, rateSchema.optional()]),
    ) as Record<RatedFault, z.ZodOptional<typeof rateSchema>>,
  )
  .strict();

/** Environment of a stage function under chaos (set by the local deploy). */
export const CHAOS_ENV = { seed: 'SLUICE_CHAOS_SEED', rates: 'SLUICE_CHAOS_RATES' } as const;

export interface ChaosSettings {
  readonly seed: number;
  /** Every rated fault's rate (defaults filled in). */
  readonly rates: Readonly<Record<RatedFault, number>>;
}

export function chaosSettings(seed: number, rates: ChaosRates = {}): ChaosSettings {
  const parsed = chaosRatesSchema.parse(rates);
  const merged = { ...DEFAULT_RATES } as Record<RatedFault, number>;
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) merged[k as RatedFault] = v;
  return { seed, rates: merged };
}

/** Rates with only `kinds` on (at their default or given rate); everything else off. */
export function onlyRates(kinds: readonly RatedFault[], rate?: number): ChaosRates {
  const out: ChaosRates = {};
  for (const k of Object.keys(DEFAULT_RATES) as RatedFault[]) {
    out[k] = kinds.includes(k) ? (rate ?? DEFAULT_RATES[k]) : 0;
  }
  return out;
}

/** The function environment that turns the seams on. */
export function chaosEnv(s: ChaosSettings): Record<string, string> {
  return { [CHAOS_ENV.seed]: String(s.seed), [CHAOS_ENV.rates]: JSON.stringify(s.rates) };
}

/** Reads the seams' settings from a function environment; undefined when chaos is off. */
export function chaosFromEnv(env: NodeJS.ProcessEnv): ChaosSettings | undefined {
  const raw = env[CHAOS_ENV.seed];
  if (raw === undefined || raw === '') return undefined;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new ConfigError(`${CHAOS_ENV.seed} must be an integer, got '${raw}'`);
  let rates: unknown = {};
  try {
    rates = JSON.parse(env[CHAOS_ENV.rates] ?? '{}');
  } catch (err) {
    throw new ConfigError(`${CHAOS_ENV.rates} is not JSON: ${(err as Error).message}`);
  }
  const parsed = chaosRatesSchema.safeParse(rates);
  if (!parsed.success) throw new ConfigError(`${CHAOS_ENV.rates}: ${parsed.error.message}`);
  return chaosSettings(seed, parsed.data);
}

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { type PipelineSpec, resourceNames } from '../../compiler/spec/index.ts';
import {
  type ChaosRates,
  type ChaosSettings,
  chaosEnv,
  chaosSettings,
  countsByKind,
  DEFAULT_RATES,
  ESM_FAULTS,
  FUNCTION_FAULTS,
  GATEWAY_FAULTS,
  onlyRates,
  type RatedFault,
  RESHARD_FAULTS,
  type ReshardFault,
  readChaosCounts,
} from '../../functions/index.ts';
import { LocalChaos } from '../../localstack/index.ts';
import { UsageError } from '../errors.ts';
import type { PipelineProgress } from '../status/monitor.ts';
import type { DeployTuning } from './deploy-tuning.ts';
import { ReshardDriver } from './reshard-driver.ts';

/** What `sluice run --chaos` injected, by kind (the summary's `chaos`). */
export interface ChaosReport {
  readonly seed: number;
  readonly reshard: boolean;
  /** Faults injected, by kind (see docs/exactly-once.md "Faults"); zero kinds are listed too. */
  readonly faults: Readonly<Record<string, number>>;
  /** Observed consequences: zombie commits refused or won, PutRecords entries failed. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly total: number;
}

export const INJECTED_KINDS = [
  ...FUNCTION_FAULTS,
  ...ESM_FAULTS,
  'retry-bisected',
  ...GATEWAY_FAULTS,
  ...RESHARD_FAULTS,
] as const;
const OUTCOME_KINDS = ['zombie-refused', 'zombie-committed', 'put-failed-entries'] as const;

/** Under chaos: a 2 s Timeout (zombies cost seconds), batches of 10, ~8 KiB ingest records. */
export const CHAOS_TUNING = { timeoutSeconds: 2, batchSize: 10, ingestChunkBytes: 8 * 1024 } as const;

export interface RunChaosOptions {
  readonly seed: number;
  readonly rates?: ChaosRates;
  /** Only these fault kinds (names as in the report, reshard kinds too); the others are off. */
  readonly only?: readonly string[] | undefined;
}

/**
 * The fault-injection harness of one run: the local stack's injectors (`stackOptions`), the
 * functions' seams (`tuning`: their environment), the reshard driver (`tick`), and the count of
 * everything injected (`report`).
 */
export class RunChaos {
  readonly settings: ChaosSettings;
  readonly local: LocalChaos;
  #reshard: ReshardDriver | undefined;
  /** The reshard kinds the driver may use: every one unless `only` names a subset. */
  readonly reshardKinds: readonly ReshardFault[];

  constructor(readonly opts: RunChaosOptions) {
    this.settings = chaosSettings(opts.seed, opts.only ? ratesFor(opts.only, opts.rates) : opts.rates);
    this.reshardKinds = opts.only ? RESHARD_FAULTS.filter((k) => opts.only!.includes(k)) : RESHARD_FAULTS;
    this.local = new LocalChaos(this.settings);
  }

  stackOptions() {
    return { faults: this.local.faults, gatewayFaults: this.local.gatewayFaults };
  }

  tuning(): DeployTuning {
    return { ...CHAOS_TUNING, functionEnv: chaosEnv(this.settings) };
  }

  /** On every progress poll: reshard streams of running stages (with `reshard`). */
  async tick(spec: PipelineSpec, kinesis: KinesisClient, progress: PipelineProgress): Promise<void> {
    if (this.reshardKinds.length === 0) return;
    this.#reshard ??= new ReshardDriver(spec, kinesis, this.settings.seed, this.reshardKinds, (k) =>
      this.local.counts.add(k),
    );
    const running = new Set(
      progress.stages.filter((s) => s.invocations > 0 && s.shardsDone < s.shards).map((s) => s.stageId),
    );
    await this.#reshard.tick(running);
  }

  /** Counts from the local stack and from the functions' counters in the pipeline's table. */
  async report(spec: PipelineSpec, dynamo: DynamoDBClient): Promise<ChaosReport> {
    return chaosReport(this.settings.seed, this.reshardKinds.length > 0, {
      ...this.local.counts.snapshot(),
      ...countsByKind(await readChaosCounts(dynamo, resourceNames.table(spec.name))),
    });
  }
}

/** Rates with only the named kinds on; throws UsageError on an unknown name. */
function ratesFor(only: readonly string[], rates: ChaosRates = {}): ChaosRates {
  const rated = Object.keys(DEFAULT_RATES);
  const reshards: readonly string[] = RESHARD_FAULTS;
  const unknown = only.filter((k) => !rated.includes(k) && !reshards.includes(k) && k !== 'none');
  if (unknown.length > 0) {
    throw new UsageError(
      `--chaos-faults: unknown fault kind ${unknown.join(', ')}; kinds: ${[...rated, ...reshards].join(', ')}`,
    );
  }
  return {
    ...onlyRates(only.filter((k) => rated.includes(k)) as RatedFault[]),
    ...Object.fromEntries(only.map((k) => [k, rates[k as RatedFault]]).filter(([, v]) => v !== undefined)),
  };
}

export function chaosReport(seed: number, reshard: boolean, counts: Record<string, number>): ChaosReport {
  const faults = Object.fromEntries(INJECTED_KINDS.map((k) => [k, counts[k] ?? 0]));
  const outcomes = Object.fromEntries(OUTCOME_KINDS.map((k) => [k, counts[k] ?? 0]));
  const total = Object.values(faults).reduce((a, b) => a + b, 0);
  return { seed, reshard, faults, outcomes, total };
}

/** The summary lines of a chaos report. */
export function formatChaosReport(r: ChaosReport): string[] {
  const nonzero = Object.entries(r.faults).filter(([, n]) => n > 0);
  const zero = Object.entries(r.faults)
    .filter(([, n]) => n === 0)
    .map(([k]) => k);
  return [
    `  chaos (seed ${r.seed}${r.reshard ? ', with reshards' : ''}): ${r.total} faults injected`,
    ...chunk(nonzero.map(([k, n]) => `${k} ${n}`)).map((l) => `    ${l}`),
    ...(zero.length ? [`    none this run: ${zero.join(', ')}`] : []),
    `    outcomes: ${Object.entries(r.outcomes)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  ];
}

function chunk(items: string[], per = 5): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per).join(', '));
  return out;
}

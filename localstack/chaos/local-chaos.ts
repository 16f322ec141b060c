import type { ChaosSettings } from '../../functions/index.ts';
import type { FaultInjector } from '../fault-injector.ts';
import type { GatewayFaultInjector } from '../gateway/gateway-faults.ts';
import { esmChaos } from './esm-chaos.ts';
import { FaultCounts, Ordinals } from './fault-counts.ts';
import { gatewayChaos } from './gateway-chaos.ts';

/**
 * The local stack's half of `sluice run --chaos SEED`: the ESM pollers' and the gateway's fault
 * injectors, one seeded schedule, one set of counters. Pass `faults` and `gatewayFaults` to
 * `startLocalStack`. `configure` swaps the schedule (or turns it off) between pipelines, so tests
 * can reuse one stack for many schedules.
 */
export class LocalChaos {
  readonly counts = new FaultCounts();
  readonly #ordinals = new Ordinals();
  #settings: ChaosSettings | undefined;
  readonly faults: FaultInjector;
  readonly gatewayFaults: GatewayFaultInjector;

  constructor(settings?: ChaosSettings) {
    this.#settings = settings;
    const get = () => this.#settings;
    this.faults = esmChaos(get, this.counts, this.#ordinals);
    this.gatewayFaults = gatewayChaos(get, this.counts, this.#ordinals);
  }

  get settings(): ChaosSettings | undefined {
    return this.#settings;
  }

  /** A new schedule (undefined: no faults); counters and draw coordinates start over. */
  configure(settings: ChaosSettings | undefined): void {
    this.#settings = settings;
    this.counts.reset();
    this.#ordinals.reset();
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { keys } from '../state/keys.ts';
import {
  CHAOS_ENV,
  type ChaosSettings,
  chaosFromEnv,
  FUNCTION_FAULTS,
  MAX_FAULTY_ATTEMPTS,
} from './chaos-config.ts';
import { addChaosCount } from './chaos-counters.ts';
import { ChaosCrash } from './chaos-crash.ts';
import { chaosUnit, pickFault } from './chaos-rng.ts';

/**
 * The chaos seams of one stage invocation, consulted by the stage processor around emit and commit
 * and by `putAll` between PutRecords requests. Without `SLUICE_CHAOS_SEED` they do nothing.
 */
export interface InvocationChaos {
  /** Before the first output leaves: a zombie stalls here past its timeout; crash-before-emit. */
  beforeEmit(): Promise<void>;
  /** Runs the emit with the mid-emit seam in scope. */
  emit<T>(fn: () => Promise<T>): Promise<T>;
  /** After every output is acknowledged, before the commit. */
  afterEmit(): Promise<void>;
  /** Runs the commit; records whether a zombie's late commit was refused. */
  commit<T>(fn: () => Promise<T>): Promise<T>;
  /** After the commit, before the invocation returns. */
  afterCommit(): Promise<void>;
}

const passthrough: InvocationChaos = {
  beforeEmit: async () => {},
  emit: (fn) => fn(),
  afterEmit: async () => {},
  commit: (fn) => fn(),
  afterCommit: async () => {},
};

/** User agent suffix of the seams' own DynamoDB calls; the chaos gateway never faults them. */
export const CHAOS_USER_AGENT = 'sluice-chaos';
/** How long a zombie waits, after its timeout, for its retry to commit before it goes on anyway. */
const ZOMBIE_MAX_WAIT_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Fate = 'none' | (typeof FUNCTION_FAULTS)[number];

class Seams {
  readonly #attempts = new Map<string, number>();
  #dynamo: DynamoDBClient | undefined;

  constructor(
    readonly settings: ChaosSettings,
    readonly table: string,
    readonly timeoutMs: number,
    readonly endpoint: string | undefined,
  ) {}

  get dynamo(): DynamoDBClient {
    this.#dynamo ??= new DynamoDBClient({
      region: process.env.AWS_REGION ?? 'us-east-1',
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      customUserAgent: CHAOS_USER_AGENT,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 }),
    });
    return this.#dynamo;
  }

  /**
   * The fate of an invocation of (stage, shard) that read committed `epoch`: a pure function of
   * the seed, those coordinates and the attempt counter (attempts at that epoch seen by this
   * container), so a retry gets a fresh draw and, after MAX_FAULTY_ATTEMPTS, none.
   */
  fate(stage: string, shard: string, epoch: number): Fate {
    const key = `${stage}/${shard}/${epoch}`;
    const attempt = this.#attempts.get(key) ?? 0;
    this.#attempts.set(key, attempt + 1);
    if (attempt >= MAX_FAULTY_ATTEMPTS) return 'none';
    const u = chaosUnit(this.settings.seed, 'fate', stage, shard, epoch, attempt);
    const kind = pickFault(u, this.settings.rates, FUNCTION_FAULTS);
    // a zombie needs a retry to race: only a first attempt stalls, so an epoch has one zombie at most
    if (kind === undefined || (kind === 'zombie' && attempt > 0)) return 'none';
    return kind;
  }
}

class Invocation implements InvocationChaos {
  readonly #startedAt = Date.now();
  #acked = 0;
  #fired = false;

  constructor(
    readonly seams: Seams,
    readonly fate: Fate,
    readonly stage: string,
    readonly shard: string,
    readonly epoch: number,
  ) {}

  count(kind: string): Promise<void> {
    return addChaosCount(this.seams.dynamo, this.seams.table, this.stage, this.shard, kind);
  }

  async crash(kind: Fate, point: ConstructorParameters<typeof ChaosCrash>[0]): Promise<void> {
    if (this.fate !== kind || this.#fired) return;
    this.#fired = true;
    await this.count(kind);
    throw new ChaosCrash(point, this.stage, this.shard);
  }

  async beforeEmit(): Promise<void> {
    if (this.fate === 'zombie') await this.stall();
    await this.crash('crash-before-emit', 'before-emit');
  }

  /** Outlives the function's timeout (the mapping retries meanwhile), then waits for the retry's commit. */
  async stall(): Promise<void> {
    await this.count('zombie');
    await sleep(Math.max(0, this.#startedAt + this.seams.timeoutMs + 250 - Date.now()));
    const until = Date.now() + ZOMBIE_MAX_WAIT_MS;
    while (Date.now() < until) {
      if ((await this.committedEpoch()) > this.epoch) return;
      await sleep(100);
    }
  }

  async committedEpoch(): Promise<number> {
    const key = keys.checkpoint(this.stage, this.shard);
    try {
      const res = await this.seams.dynamo.send(
        new GetItemCommand({
          TableName: this.seams.table,
          Key: { pk: { S: key.pk }, sk: { S: key.sk } },
          ConsistentRead: true,
        }),
      );
      return Number(res.Item?.epoch?.N ?? '0');
    } catch {
      return this.epoch;
    }
  }

  emit<T>(fn: () => Promise<T>): Promise<T> {
    return scope.run(this, fn);
  }

  /** Before a PutRecords request: crash mid-emit once some records of this invocation are acknowledged. */
  async beforePut(): Promise<void> {
    if (this.#acked > 0) await this.crash('crash-mid-emit', 'mid-emit');
  }

  afterPut(acked: number): void {
    this.#acked += acked;
  }

  async afterEmit(): Promise<void> {
    await this.crash('crash-after-emit', 'after-emit');
  }

  async commit<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      if (this.fate === 'zombie') await this.count('zombie-committed');
      return out;
    } catch (err) {
      if (this.fate === 'zombie' && (err as { code?: string }).code === 'COMMIT_CONFLICT') {
        await this.count('zombie-refused');
      }
      throw err;
    }
  }

  async afterCommit(): Promise<void> {
    await this.crash('crash-after-commit', 'after-commit');
  }
}

const scope = new AsyncLocalStorage<Invocation>();
let cached: { key: string; seams: Seams | undefined } | undefined;

function seamsFromEnv(env: NodeJS.ProcessEnv): Seams | undefined {
  const key = [
    env[CHAOS_ENV.seed],
    env[CHAOS_ENV.rates],
    env.SLUICE_TABLE,
    env.AWS_LAMBDA_FUNCTION_TIMEOUT,
    env.AWS_ENDPOINT_URL,
  ].join('\u0000');
  if (cached?.key === key) return cached.seams;
  const settings = chaosFromEnv(env);
  const timeoutS = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? '60');
  const seams =
    settings && env.SLUICE_TABLE
      ? new Seams(
          settings,
          env.SLUICE_TABLE,
          (Number.isFinite(timeoutS) ? timeoutS : 60) * 1000,
          env.AWS_ENDPOINT_URL,
        )
      : undefined;
  cached = { key, seams };
  return seams;
}

/** The seams of one invocation of (stage, shard) that read committed `epoch`. */
export function beginChaos(stageId: string, shardId: string, epoch: number): InvocationChaos {
  const seams = seamsFromEnv(process.env);
  if (!seams) return passthrough;
  const fate = seams.fate(stageId, shardId, epoch);
  return fate === 'none' ? passthrough : new Invocation(seams, fate, stageId, shardId, epoch);
}

/** putAll's seam before each PutRecords request (a no-op outside a chaos emit). */
export async function chaosBeforePut(): Promise<void> {
  await scope.getStore()?.beforePut();
}

/** putAll's seam after each PutRecords response, with the number of records it acknowledged. */
export function chaosAfterPut(acked: number): void {
  scope.getStore()?.afterPut(acked);
}

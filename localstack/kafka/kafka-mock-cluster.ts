import { spawnSync } from 'node:child_process';
import { spawnWatched } from '../child-watchdog.ts';
import { LocalStackError, ServiceStartError } from '../errors.ts';

/**
 * The local Kafka peer: librdkafka's own mock cluster (a real implementation of the Kafka
 * protocol), started through Debian's `kcat`. kcat runs as a consumer of a warm-up topic only to
 * keep the process, and so the cluster, alive; `test.mock.num.brokers` makes librdkafka replace
 * the bootstrap servers with N in-process brokers and log their addresses at NOTICE level.
 *
 * What this cluster is (librdkafka 2.0.2, Debian bookworm):
 * - every broker listens on 127.0.0.1 only, on a random port (listen backlog 5);
 * - topics are created on first use (Metadata with AllowAutoTopicCreation, as kafkajs producers
 *   and consumers send by default) with 4 partitions and replication factor min(3, brokers).
 *   There is no CreateTopics handler (kafkajs `admin.createTopics` fails with "Broker 0 not found
 *   in the cached metadata": the cluster reports controller id 0), and no option sets another
 *   partition count; a topic with N partitions cannot be made, so use the 4 and, where a test
 *   needs fewer, produce to partitions 0..N-1 only;
 * - produce, fetch, consumer groups (join/sync/heartbeat/leave), offset commit and fetch work;
 *   a fetch returns at most one produced batch per partition; an idle fetch waits MaxWait;
 *   LogAppendTime is reported as 1234;
 * - InitProducerId/transactions exist but idempotent and transactional kafkajs producers fail
 *   ("Broker 0 not found"), and Fetch never reports aborted transactions: it cannot test an
 *   exactly-once sink;
 * - everything is in memory and dies with the process.
 */
export interface KafkaMockCluster {
  /** `127.0.0.1:PORT` of each broker. */
  readonly brokers: readonly string[];
  /** The kcat process (the cluster lives in it). */
  readonly pid: number;
  stop(): Promise<void>;
}

export interface KafkaMockOptions {
  readonly brokers?: number;
  readonly log?: (line: string) => void;
  readonly readyTimeoutMs?: number;
}

export class KcatMissingError extends LocalStackError {
  constructor() {
    super(
      'KCAT_MISSING',
      'the local Kafka cluster needs `kcat` (librdkafka mock cluster); install it with `sudo apt-get install -y kcat`',
    );
  }
}

const BOOTSTRAP_RE = /replaced with (\S+)/;

export function kcatAvailable(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Starts a mock cluster of `brokers` brokers (default 3) and resolves once it listens. */
export async function startKafkaMock(opts: KafkaMockOptions = {}): Promise<KafkaMockCluster> {
  if (!kcatAvailable()) throw new KcatMissingError();
  const n = opts.brokers ?? 3;
  const log = opts.log ?? (() => undefined);
  // `-q`: no "% Reached end of topic" lines; librdkafka's NOTICE that names the brokers still comes
  const args = ['-b', '127.0.0.1:1', '-X', `test.mock.num.brokers=${n}`, '-C', '-t', 'sluice-warmup', '-q'];
  const w = spawnWatched('kcat', args);
  let output = '';
  const found = new Promise<string[]>((resolve, reject) => {
    w.onLine((line) => {
      if (output.length < 8_000) output += `${line}\n`;
      if (line.trim()) log(`[kafka] ${line.trimEnd()}`);
      const m = BOOTSTRAP_RE.exec(line);
      if (m?.[1]) resolve(m[1].split(','));
    });
    void w.exited.then(() =>
      reject(new ServiceStartError('Kafka mock cluster', `kcat exited: ${output.trim()}`)),
    );
  });
  const timeoutMs = opts.readyTimeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const brokers = await Promise.race([
      found,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new ServiceStartError('Kafka mock cluster', `not ready after ${timeoutMs} ms: ${output}`)),
          timeoutMs,
        );
      }),
    ]);
    return { brokers, pid: await w.pid, stop: w.stop };
  } catch (err) {
    await w.stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

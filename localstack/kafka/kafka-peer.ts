import { connect } from 'node:net';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { type KafkaMockCluster, startKafkaMock } from './kafka-mock-cluster.ts';

/** The local Kafka peer of a run: the pipeline's own brokers, or a mock cluster started for it. */
export interface KafkaPeer {
  /** The spec to deploy: unchanged, or with every Kafka table's bootstrap servers set to the mock's. */
  readonly spec: PipelineSpec;
  /** The mock cluster, when one was started. */
  readonly mock: KafkaMockCluster | undefined;
  stop(): Promise<void>;
}

/** No bootstrap server of a Kafka table answered, and they are not local (so no mock stands in). */
export class KafkaPeerUnreachableError extends Error {
  readonly code = 'KAFKA_UNREACHABLE';
  constructor(table: string, servers: readonly string[]) {
    super(
      `kafka table ${table}: no bootstrap server answers at ${servers.join(',')}. ` +
        'Start the broker or fix bootstrap_servers; for a local run without a broker, set ' +
        "bootstrap_servers = 'localhost:9092' and `sluice run` starts librdkafka's mock cluster (needs kcat: apt-get install kcat).",
    );
    this.name = 'KafkaPeerUnreachableError';
  }
}

/** Whether a TCP connection to `host:port` opens within `timeoutMs`. */
export function reachable(server: string, timeoutMs = 1000): Promise<boolean> {
  const i = server.lastIndexOf(':');
  const host = server.slice(0, i);
  const port = Number(server.slice(i + 1));
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

const LOCAL = /^(localhost|127\.0\.0\.1|\[::1\]|::1):\d+$/;

/** Every (table, servers) of the pipeline's Kafka sources and sinks. */
function kafkaTables(spec: PipelineSpec): { table: string; servers: readonly string[] }[] {
  const out: { table: string; servers: readonly string[] }[] = [];
  for (const st of spec.stages) {
    if (st.input.kind === 'source' && st.input.source.kind === 'kafka')
      out.push({ table: st.input.source.table, servers: st.input.source.bootstrapServers });
    if (st.output.kind === 'sink' && st.output.sink.kind === 'kafka')
      out.push({ table: st.output.sink.table, servers: st.output.sink.bootstrapServers });
  }
  return out;
}

/**
 * The rule of `sluice run` (docs/connectors/kafka.md "Locally"): a pipeline with Kafka tables runs
 * against their bootstrap servers when one of them answers. When none answers and every one is
 * local (localhost/127.0.0.1), it starts librdkafka's mock cluster and runs against that (every
 * Kafka table then shares the one mock cluster). Otherwise it fails, naming the addresses and the fix.
 */
export async function kafkaPeerFor(spec: PipelineSpec, log?: (line: string) => void): Promise<KafkaPeer> {
  const tables = kafkaTables(spec);
  const none: KafkaPeer = { spec, mock: undefined, stop: async () => undefined };
  if (tables.length === 0) return none;
  let needMock = false;
  for (const t of tables) {
    const ok = (await Promise.all(t.servers.map((s) => reachable(s)))).some(Boolean);
    if (ok) continue;
    if (!t.servers.every((s) => LOCAL.test(s))) throw new KafkaPeerUnreachableError(t.table, t.servers);
    needMock = true;
  }
  if (!needMock) return none;
  const mock = await startKafkaMock(log ? { log } : {});
  log?.(
    `started librdkafka's mock Kafka cluster at ${mock.brokers.join(',')} (no bootstrap server answered)`,
  );
  return { spec: withServers(spec, mock.brokers), mock, stop: () => mock.stop() };
}

/** The spec with every Kafka table's bootstrap servers replaced. */
export function withServers(spec: PipelineSpec, servers: readonly string[]): PipelineSpec {
  return {
    ...spec,
    stages: spec.stages.map((st) => ({
      ...st,
      input:
        st.input.kind === 'source' && st.input.source.kind === 'kafka'
          ? { ...st.input, source: { ...st.input.source, bootstrapServers: [...servers] } }
          : st.input,
      output:
        st.output.kind === 'sink' && st.output.sink.kind === 'kafka'
          ? { ...st.output, sink: { ...st.output.sink, bootstrapServers: [...servers] } }
          : st.output,
    })),
  };
}

import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import type { KafkaAuthSpec } from '../../../compiler/spec/index.ts';
import { messageError } from '../../errors.ts';

/**
 * No broker of `bootstrap_servers` answered. The message names the addresses and the fix; `sluice
 * run` starts a local mock cluster only when the pipeline's brokers are unreachable at start.
 */
export class KafkaUnreachableError extends messageError('KafkaUnreachableError', 'KAFKA_UNREACHABLE') {}

/** The connection a Kafka source or sink names (the spec's kafkaConnection). */
export interface KafkaConnection {
  readonly bootstrapServers: readonly string[];
  readonly auth: KafkaAuthSpec;
  readonly clientConfigs: Readonly<Record<string, string>>;
}

function sasl(auth: KafkaAuthSpec): SASLOptions | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'sasl': {
      const mechanism = auth.mechanism.toLowerCase();
      if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512')
        throw new KafkaUnreachableError(
          `auth.mechanism '${auth.mechanism}' is not supported by the stage's Kafka client: use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`,
        );
      return { mechanism, username: auth.username, password: auth.password } as SASLOptions;
    }
    case 'aws_msk_iam':
      throw new KafkaUnreachableError(
        "auth.type = 'aws_msk_iam' is supported for Kafka sources (the MSK event source mapping authenticates), not yet for Kafka sinks: use auth.type = 'sasl' (SCRAM) for the sink's cluster",
      );
    default: {
      const never: never = auth;
      throw new Error(`unknown auth ${JSON.stringify(never)}`);
    }
  }
}

/** A kafkajs client for a connection; fails fast (a few seconds) when no broker answers. */
export function kafkaClient(conn: KafkaConnection, clientId: string): Kafka {
  const s = sasl(conn.auth);
  const protocol = conn.auth.kind === 'sasl' ? conn.auth.protocol.toUpperCase() : 'PLAINTEXT';
  const config: KafkaConfig = {
    clientId,
    brokers: [...conn.bootstrapServers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: Number(conn.clientConfigs['socket.connection.setup.timeout.ms'] ?? 3000),
    retry: { retries: 3, initialRetryTime: 200 },
    ...(s ? { sasl: s } : {}),
    ...(protocol.startsWith('SASL_SSL') || protocol === 'SSL' ? { ssl: true } : {}),
  };
  return new Kafka(config);
}

/** Connects `connect`, turning a connection failure into KafkaUnreachableError naming the brokers. */
export async function connectOrExplain(
  conn: KafkaConnection,
  what: string,
  connect: () => Promise<void>,
): Promise<void> {
  try {
    await connect();
  } catch (err) {
    throw new KafkaUnreachableError(
      `${what}: cannot reach Kafka at ${conn.bootstrapServers.join(',')} (${(err as Error).message}). ` +
        "Start the broker or fix bootstrap_servers in the table's WITH (…); locally, `sluice run` starts a mock cluster when no bootstrap server is reachable and the pipeline's servers are local (127.0.0.1/localhost).",
    );
  }
}

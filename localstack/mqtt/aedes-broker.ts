import { createServer, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import { PortInUseError, ServiceStartError } from '../errors.ts';

export interface MqttBroker {
  /** `mqtt://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The MQTT protocol versions the broker accepts (`5` only where it speaks MQTT 5). */
  readonly protocolVersions: readonly (3 | 4 | 5)[];
  /** The broker's own process, when it runs in one (mosquitto). */
  readonly pid?: number;
  stop(): Promise<void>;
}

/**
 * The local MQTT peer: an aedes broker in this process, on 127.0.0.1 (`port` 0: a random one),
 * in memory. Plain MQTT over TCP only: no MQTT-over-WebSocket listener, because any web page the
 * user opens can open a WebSocket to 127.0.0.1 (WebSockets are not bound by CORS), and so publish
 * or subscribe to the pipeline's topics; raw TCP is out of a page's reach.
 *
 * aedes 1.2.0 speaks MQTT 3.1 and 3.1.1 only: an MQTT 5 CONNECT is refused ("Unacceptable protocol
 * version"), so MQTT 5 user properties (the sink's row id) need mosquitto (mosquitto-broker.ts).
 */
export async function startAedesBroker(port = 0): Promise<MqttBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      broker.close();
      reject(
        err.code === 'EADDRINUSE' ? new PortInUseError(port) : new ServiceStartError('aedes', err.message),
      );
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return stopped;
  };
  return { url: `mqtt://127.0.0.1:${bound}`, port: bound, protocolVersions: [3, 4], stop };
}

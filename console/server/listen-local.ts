import type { Server } from 'node:http';

/** A server bound to 127.0.0.1: its port, its URL, and how to stop it. */
export interface LocalListener {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Listens on 127.0.0.1 only (port 0: any free port); stop() closes open connections too. */
export async function listenLocal(server: Server, wanted: number): Promise<LocalListener> {
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : wanted);
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { guardServer } from '../gateway/request-guard.ts';

interface KinesaliteOptions {
  path?: string;
  createStreamMs?: number;
  deleteStreamMs?: number;
  updateStreamMs?: number;
  shardLimit?: number;
}

const require = createRequire(import.meta.url);
const kinesalite = require('kinesalite') as (opts: KinesaliteOptions) => Server;

export interface Kinesalite {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts kinesalite in this process, in memory (memdown), on 127.0.0.1:`port`. Stream state
 * transitions (CREATING/UPDATING/DELETING) last a few milliseconds instead of 500 ms. Refuses
 * foreign Hosts and any Origin (request-guard.ts).
 */
export function startKinesalite(port: number): Promise<Kinesalite> {
  const server = kinesalite({ createStreamMs: 5, deleteStreamMs: 5, updateStreamMs: 5, shardLimit: 100_000 });
  server.keepAliveTimeout = 60_000;
  // kinesalite answers CORS preflights with `*`: refuse every Origin and every non-loopback Host.
  // Its callers are the gateway (which forwards its own Host) and KinesisRawClient, so any loopback
  // port; kinesalite itself insists on an Authorization header.
  guardServer(server, () => ({ port: undefined, sigv4: false }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        port,
        stop: () =>
          new Promise<void>((res) => {
            server.closeAllConnections();
            server.close(() => res());
          }),
      });
    });
  });
}

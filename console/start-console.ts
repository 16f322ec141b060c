import { buildUi } from '../ops/index.ts';
import { newToken } from './api/auth.ts';
import { createHandler } from './api/handler.ts';
import { LocalBackend, type LocalBackendOptions } from './local/local-backend.ts';
import { type ConsoleServer, serveConsole } from './server/http-server.ts';

export interface StartConsoleOptions extends Omit<LocalBackendOptions, 'sampleMs'> {
  /** Console port on 127.0.0.1; 0 = any free port; a busy port falls back to a free one. */
  readonly port: number;
  readonly token?: string;
}

export interface RunningConsole {
  readonly backend: LocalBackend;
  readonly server: ConsoleServer;
  readonly token: string;
  /** The URL to open: the token travels in the fragment, which the browser never sends. */
  readonly openUrl: string;
  stop(): Promise<void>;
}

/** Builds the UI, starts the local backend's sampler and serves the console on loopback. */
export async function startConsole(opts: StartConsoleOptions): Promise<RunningConsole> {
  const token = opts.token ?? newToken();
  const { port: _port, token: _token, ...backendOpts } = opts;
  const backend = new LocalBackend(backendOpts);
  const handler = createHandler({ backend, token, baseDir: opts.baseDir });
  const ui = await buildUi();
  let server: ConsoleServer;
  try {
    server = await serveConsole({ port: opts.port, handler, ui });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE' || opts.port === 0) throw err;
    opts.log?.(`port ${opts.port} is busy; using a free port`);
    server = await serveConsole({ port: 0, handler, ui });
  }
  backend.start();
  return {
    backend,
    server,
    token,
    openUrl: `${server.url}#token=${token}`,
    stop: async () => {
      await backend.stop();
      await server.stop();
    },
  };
}

/**
 * The web console's door. The CLI starts it through here (`sluice dev`, `sluice console`, and
 * `sluice console --remote`, which signs requests to a deployed console function). The deployed
 * function's entry, console/cloud/lambda-handler.ts, is bundled by infra/console/console-asset.ts
 * from its path, not imported. The console reads and acts on pipelines through ops/index.ts.
 */
export { newToken } from './api/auth.ts';
export type { ApiRequest, ApiResponse, ConsoleBackend } from './api/types.ts';
export { ConsoleError, type ConsoleErrorCode } from './errors.ts';
export { startDevStack } from './local/start-dev-stack.ts';
export { type RemoteTarget, resolveRemote } from './remote/resolve-remote.ts';
export { createSigner, type Signer, type SignerOptions } from './remote/sign-request.ts';
export { type SigningProxy, type SigningProxyOptions, startSigningProxy } from './remote/signing-proxy.ts';
export { type RunningConsole, type StartConsoleOptions, startConsole } from './start-console.ts';

import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { onParentExit } from '../cleanup.ts';

const RUNTIME = fileURLToPath(new URL('./worker-runtime.mjs', import.meta.url));

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** The outcome of one invocation, as Lambda's Invoke reports it. */
export type InvokeResult =
  | { readonly kind: 'ok'; readonly requestId: string; readonly payload: string }
  | {
      readonly kind: 'error';
      readonly requestId: string;
      readonly error: FunctionError;
      readonly timedOut: boolean;
    };

export interface WorkerSpec {
  readonly functionName: string;
  readonly functionArn: string;
  readonly codeDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly log: (line: string) => void;
}

interface Pending {
  readonly resolve: (r: InvokeResult) => void;
  readonly requestId: string;
  readonly timer: NodeJS.Timeout;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; payload: string }
  | { type: 'result'; id: number; ok: false; error: FunctionError };

/**
 * One function's worker process. Concurrent invocations share it. An invocation that outlives the
 * function's Timeout is reported as timed out but keeps running in the worker (a zombie); its late
 * result is dropped. If the process dies, pending invocations fail and the owner starts a new one.
 */
export class FunctionWorker {
  readonly spec: WorkerSpec;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #unregister: () => void;
  readonly #exited: Promise<void>;
  #nextId = 1;
  #dead = false;

  constructor(spec: WorkerSpec) {
    this.spec = spec;
    this.#child = fork(RUNTIME, [], {
      cwd: spec.codeDir,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      serialization: 'advanced',
    });
    this.#unregister = onParentExit(() => this.#child.kill('SIGKILL'));
    const prefix = `[lambda ${spec.functionName}]`;
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) spec.log(`${prefix} ${line.trimEnd()}`);
    };
    this.#child.stdout?.on('data', forward);
    this.#child.stderr?.on('data', forward);
    this.#child.on('message', (msg: WorkerMessage) => this.#onMessage(msg));
    this.#child.on('error', (err) => spec.log(`${prefix} worker error: ${err.message}`));
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.#dead = true;
        this.#unregister();
        for (const [id, p] of this.#pending) {
          clearTimeout(p.timer);
          this.#pending.delete(id);
          p.resolve({
            kind: 'error',
            requestId: p.requestId,
            timedOut: false,
            error: {
              errorType: 'Runtime.ExitError',
              errorMessage: `RequestId: ${p.requestId} Error: Runtime exited with ${signal ? `signal: ${signal}` : `error: exit status ${code}`}`,
            },
          });
        }
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get alive(): boolean {
    return !this.#dead;
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  invoke(event: string): Promise<InvokeResult> {
    const requestId = randomUUID();
    if (this.#dead) {
      return Promise.resolve({
        kind: 'error',
        requestId,
        timedOut: false,
        error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited' },
      });
    }
    const id = this.#nextId++;
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise<InvokeResult>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({
          kind: 'error',
          requestId,
          timedOut: true,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
          },
        });
      }, timeoutMs);
      this.#pending.set(id, { resolve, requestId, timer });
      this.#child.send({
        type: 'invoke',
        id,
        requestId,
        event,
        functionArn: this.spec.functionArn,
        deadlineMs: Date.now() + timeoutMs,
      });
    });
  }

  #onMessage(msg: WorkerMessage): void {
    if (msg.type !== 'result') return;
    const p = this.#pending.get(msg.id);
    if (!p) return; // a zombie finished after its timeout: AWS drops that result too
    this.#pending.delete(msg.id);
    clearTimeout(p.timer);
    p.resolve(
      msg.ok
        ? { kind: 'ok', requestId: p.requestId, payload: msg.payload }
        : { kind: 'error', requestId: p.requestId, timedOut: false, error: msg.error },
    );
  }

  /** Kills the process at once; pending invocations fail with Runtime.ExitError. */
  async kill(): Promise<void> {
    if (!this.#dead) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  /** Waits until no invocation is pending (or `maxWaitMs` passed), then kills the process. */
  async retire(maxWaitMs: number): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (this.#pending.size > 0 && !this.#dead && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.kill();
  }
}

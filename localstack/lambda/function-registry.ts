import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsageMeter } from '../usage-meter.ts';
import { DEFAULT_ROLE, functionArn, functionNameOf, REGION } from './arns.ts';
import { unpackZip } from './function-code.ts';
import { FunctionWorker, type InvokeResult } from './function-worker.ts';
import { LambdaApiError, notFound } from './http.ts';
import type { CreateFunctionBody, UpdateFunctionConfigurationBody } from './schemas.ts';

/** The FunctionConfiguration shape of the Lambda API. */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  CodeSha256: string;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  Version: '$LATEST';
  Environment: { Variables: Record<string, string> };
  State: 'Active';
  LastUpdateStatus: 'Successful';
  PackageType: 'Zip';
  Architectures: string[];
  RevisionId: string;
}

interface LocalFunction {
  config: FunctionConfiguration;
  codeDir: string;
  worker: FunctionWorker | undefined;
}

export interface RegistryOptions {
  readonly dataDir: string;
  readonly endpoint: string;
  readonly log: (line: string) => void;
  /** Counts each invocation's billed duration and memory. @default none */
  readonly meter?: UsageMeter;
}

const lastModified = () => new Date().toISOString().replace('Z', '+0000');

/** The functions of the emulator: their code on disk, configuration, and worker process. */
export class FunctionRegistry {
  readonly #fns = new Map<string, LocalFunction>();
  readonly #opts: RegistryOptions;
  #codeSerial = 0;

  constructor(opts: RegistryOptions) {
    this.#opts = opts;
  }

  #root(name: string): string {
    return join(this.#opts.dataDir, 'functions', name);
  }

  async create(body: CreateFunctionBody): Promise<FunctionConfiguration> {
    const name = body.FunctionName;
    if (this.#fns.has(name)) {
      throw new LambdaApiError('ResourceConflictException', `Function already exist: ${name}`, 409);
    }
    const code = await unpackZip(body.Code.ZipFile, this.#root(name), ++this.#codeSerial);
    const config: FunctionConfiguration = {
      FunctionName: name,
      FunctionArn: functionArn(name),
      Runtime: body.Runtime ?? 'nodejs22.x',
      Role: body.Role ?? DEFAULT_ROLE,
      Handler: body.Handler,
      CodeSize: code.size,
      CodeSha256: code.sha256,
      Description: body.Description ?? '',
      Timeout: body.Timeout,
      MemorySize: body.MemorySize,
      LastModified: lastModified(),
      Version: '$LATEST',
      Environment: { Variables: body.Environment?.Variables ?? {} },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: body.Architectures ?? ['x86_64'],
      RevisionId: randomUUID(),
    };
    this.#fns.set(name, { config, codeDir: code.dir, worker: undefined });
    return config;
  }

  get(nameOrArn: string): FunctionConfiguration {
    return this.#get(nameOrArn).config;
  }

  has(nameOrArn: string): boolean {
    return this.#fns.has(functionNameOf(nameOrArn));
  }

  #get(nameOrArn: string): LocalFunction {
    const name = functionNameOf(nameOrArn);
    const fn = this.#fns.get(name);
    if (!fn) throw notFound(`Function not found: ${functionArn(name)}`);
    return fn;
  }

  list(): FunctionConfiguration[] {
    return [...this.#fns.values()]
      .map((f) => f.config)
      .sort((a, b) => a.FunctionName.localeCompare(b.FunctionName));
  }

  async delete(nameOrArn: string): Promise<void> {
    const fn = this.#get(nameOrArn);
    this.#fns.delete(fn.config.FunctionName);
    await fn.worker?.kill();
    await rm(this.#root(fn.config.FunctionName), { recursive: true, force: true });
  }

  updateConfiguration(nameOrArn: string, body: UpdateFunctionConfigurationBody): FunctionConfiguration {
    const fn = this.#get(nameOrArn);
    const c = fn.config;
    fn.config = {
      ...c,
      ...(body.Handler !== undefined ? { Handler: body.Handler } : {}),
      ...(body.Description !== undefined ? { Description: body.Description } : {}),
      ...(body.Timeout !== undefined ? { Timeout: body.Timeout } : {}),
      ...(body.MemorySize !== undefined ? { MemorySize: body.MemorySize } : {}),
      ...(body.Role !== undefined ? { Role: body.Role } : {}),
      ...(body.Runtime !== undefined ? { Runtime: body.Runtime } : {}),
      ...(body.Environment !== undefined
        ? { Environment: { Variables: body.Environment.Variables ?? {} } }
        : {}),
      LastModified: lastModified(),
      RevisionId: randomUUID(),
    };
    this.#retireWorker(fn);
    return fn.config;
  }

  async updateCode(nameOrArn: string, zipBase64: string): Promise<FunctionConfiguration> {
    const fn = this.#get(nameOrArn);
    const code = await unpackZip(zipBase64, this.#root(fn.config.FunctionName), ++this.#codeSerial);
    fn.codeDir = code.dir;
    fn.config = {
      ...fn.config,
      CodeSize: code.size,
      CodeSha256: code.sha256,
      LastModified: lastModified(),
      RevisionId: randomUUID(),
    };
    this.#retireWorker(fn);
    return fn.config;
  }

  /** Invokes the function (RequestResponse), cold-starting its worker if there is none alive. */
  invoke(nameOrArn: string, event: string): Promise<InvokeResult> {
    const fn = this.#get(nameOrArn);
    if (!fn.worker?.alive) fn.worker = this.#startWorker(fn);
    const meter = this.#opts.meter;
    if (!meter) return fn.worker.invoke(event);
    const t0 = performance.now();
    const { FunctionName, MemorySize } = fn.config;
    return fn.worker
      .invoke(event)
      .finally(() => meter.invocation(FunctionName, performance.now() - t0, MemorySize));
  }

  workerPids(): number[] {
    return [...this.#fns.values()].flatMap((f) => (f.worker?.alive && f.worker.pid ? [f.worker.pid] : []));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#fns.values()].map((f) => f.worker?.kill()));
    await Promise.all([...this.#retiring].map((w) => w.kill()));
  }

  readonly #retiring = new Set<FunctionWorker>();

  /** New configuration or code: later invocations cold-start; in-flight ones finish on the old worker. */
  #retireWorker(fn: LocalFunction): void {
    const old = fn.worker;
    fn.worker = undefined;
    if (!old) return;
    this.#retiring.add(old);
    void old.retire(old.spec.timeoutSeconds * 1000).finally(() => this.#retiring.delete(old));
  }

  #startWorker(fn: LocalFunction): FunctionWorker {
    const c = fn.config;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
      ...c.Environment.Variables,
      AWS_ENDPOINT_URL: this.#opts.endpoint,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'sluice',
      AWS_SECRET_ACCESS_KEY: 'sluice',
      AWS_LAMBDA_FUNCTION_NAME: c.FunctionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c.MemorySize),
      AWS_LAMBDA_FUNCTION_TIMEOUT: String(c.Timeout),
      AWS_EXECUTION_ENV: `AWS_Lambda_${c.Runtime}`,
      LAMBDA_TASK_ROOT: fn.codeDir,
      _HANDLER: c.Handler,
    };
    this.#opts.log(`[lambda ${c.FunctionName}] cold start`);
    return new FunctionWorker({
      functionName: c.FunctionName,
      functionArn: c.FunctionArn,
      codeDir: fn.codeDir,
      env,
      timeoutSeconds: c.Timeout,
      log: this.#opts.log,
    });
  }
}

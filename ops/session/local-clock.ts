import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

export interface LocalClockOptions {
  readonly lambda: LambdaClient;
  /** The pipeline's clock function (`sluice-<pipeline>-clock`, the stage bundle with SLUICE_ROLE=clock). */
  readonly functionName: string;
  /** Pause between the end of one tick and the start of the next. @default 1000 */
  readonly intervalMs?: number;
  /** Called with a failed tick's error (the timer keeps going, as the EventBridge schedule would). */
  readonly onError?: (err: unknown) => void;
}

/**
 * The local stand-in for the clock's EventBridge `rate(1 minute)` schedule (I6): invokes the clock
 * function through the Lambda API every `intervalMs`, one tick at a time. Ticks are idempotent
 * decisions committed through the checkpoints, so the interval only changes latency, not results.
 */
export class LocalClock {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  ticks = 0;
  failures = 0;

  constructor(private readonly opts: LocalClockOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer and waits for a tick in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One tick now: the clock function's answer (`{ at, ticks }`). Throws its error. */
  async tickOnce(): Promise<unknown> {
    const res = await this.opts.lambda.send(
      new InvokeCommand({
        FunctionName: this.opts.functionName,
        InvocationType: 'RequestResponse',
        Payload: '{}',
      }),
    );
    const text = res.Payload ? new TextDecoder().decode(res.Payload) : 'null';
    if (res.FunctionError) throw new Error(`clock function ${this.opts.functionName} failed: ${text}`);
    this.ticks++;
    return JSON.parse(text) as unknown;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tickOnce()
        .then(() => undefined)
        .catch((err: unknown) => {
          this.failures++;
          this.opts.onError?.(err);
        })
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.opts.intervalMs ?? 1000);
    this.timer.unref();
  }
}

import type { Diagnostic } from '../../compiler/index.ts';
import type { DeadLetter } from '../../functions/index.ts';
import type {
  Allowance,
  PipelineState,
  PipelineStatus,
  RescalePlan,
  RescaleProgress,
} from '../../ops/index.ts';
import type { StageLive, StagePoint } from '../metrics/sampler.ts';
import type { CreateBody } from './schemas.ts';

/** A request as the handler sees it: the same from Node's http server and a Lambda function URL. */
export interface ApiRequest {
  readonly method: string;
  /** Path without query string, e.g. `/api/pipelines/orders`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
}

export type ApiResponse =
  | { readonly status: number; readonly body: unknown }
  /** Server-sent events: each yielded string is one `data:` payload (JSON text). */
  | { readonly status: 200; readonly events: AsyncIterable<{ event: string; data: string }> };

export interface PipelineListItem {
  readonly name: string;
  readonly state: PipelineState | 'starting';
  readonly stages: number;
  readonly eventsPerSec: number;
  /** Largest backpressure over the stages (ms). */
  readonly lagMs: number;
  readonly createdAt: string | null;
}

export interface StageView {
  readonly id: string;
  readonly label: string;
  readonly upstream: readonly string[];
  readonly inputStream: string;
  readonly userStream: boolean;
}

export interface PipelineDetail {
  readonly name: string;
  readonly sql: string | null;
  readonly stages: readonly StageView[];
  readonly status: PipelineStatus | null;
  readonly live: Readonly<Record<string, StageLive>>;
  /** Whether ESM stats and invocation durations are observable (the in-process emulator). */
  readonly emulatorStats: boolean;
  /** Which numbers this backend cannot show, and why (the cloud console). */
  readonly metricsNote?: string;
  readonly error: string | null;
}

export interface RescaleJob {
  readonly id: string;
  readonly pipeline: string;
  readonly stage: string;
  readonly stream: string;
  readonly progress: readonly RescaleProgress[];
  readonly error: { code: string; message: string } | null;
  readonly finished: boolean;
}

export interface ReplayResult {
  readonly replayed: number;
  readonly skipped: readonly { readonly position: string; readonly reason: string }[];
}

/**
 * What the API handler needs from where it runs. The local backend (`sluice dev`/`console`) has
 * the embedded stack in-process; the cloud backend (console/cloud/cloud-backend.ts) reads one
 * pipeline's table and streams with the console function's IAM role.
 */
export interface ConsoleBackend {
  listPipelines(): Promise<PipelineListItem[]>;
  pipeline(name: string): Promise<PipelineDetail>;
  metrics(name: string, since: number): Promise<Record<string, StagePoint[]>>;
  deadLetters(name: string): Promise<DeadLetter[]>;
  /** Sends the pipeline's dead letters back into their stages (as `sluice dlq replay`). */
  replayDeadLetters(name: string): Promise<ReplayResult>;
  createPipeline(body: CreateBody): Promise<{ name: string }>;
  startPreview(sql: string): Promise<{ id: string; pipeline: string }>;
  previewEvents(id: string): AsyncIterable<{ event: string; data: string }>;
  stopPreview(id: string): Promise<void>;
  planRescale(
    name: string,
    stage: string,
    target: number,
  ): Promise<{ plan: RescalePlan; allowance: Allowance }>;
  startRescale(name: string, stage: string, target: number): Promise<RescaleJob>;
  /** In memory locally; read from the state table in the cloud (the job runs in another invocation). */
  rescaleJob(id: string): RescaleJob | Promise<RescaleJob>;
}

export type { Diagnostic };

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  type LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { resourceNames } from '../../compiler/spec/index.ts';
import { PipelineSession, registerPipeline } from '../../ops/index.ts';
import { EventFeed } from './event-feed.ts';

export type RunState = 'starting' | 'running' | 'done' | 'failed' | 'stopped';

/** A pipeline this console process deployed and runs (a created pipeline or a preview). */
export class PipelineRun {
  state: RunState = 'starting';
  error: string | null = null;
  session: PipelineSession | undefined;
  /** Preview rows (bare SELECT), then a `done` event; only previews have one. */
  readonly preview: EventFeed<{ event: string; data: string }> | undefined;
  private finishing: Promise<void> | undefined;

  constructor(
    readonly spec: PipelineSpec,
    readonly previewId: string | null,
  ) {
    this.preview = previewId === null ? undefined : new EventFeed(5_001);
  }

  /** Deploys the pipeline (PipelineSession), registers its spec, and starts feeding its sources. */
  async start(opts: { endpoint: string; workDir: string; onStep?: (s: string) => void }): Promise<void> {
    try {
      const session = await PipelineSession.start({
        spec: this.spec,
        endpoint: opts.endpoint,
        workDir: join(opts.workDir, this.spec.name),
        ...(opts.onStep ? { onStep: opts.onStep } : {}),
        onPreviewRow: (row) => {
          if (!this.preview?.push({ event: 'row', data: JSON.stringify(row) }) && this.preview) {
            this.preview.push({ event: 'truncated', data: '{}' });
          }
        },
      });
      this.session = session;
      await registerPipeline(session.clients.dynamo, this.spec);
      this.state = 'running';
    } catch (err) {
      this.fail(err);
      throw err;
    }
  }

  /** Surfaces ingest failures and `bad_data = 'fail'` stops (PipelineSession.poll throws them). */
  async check(): Promise<void> {
    if (this.state !== 'running' || !this.session) return;
    try {
      await this.session.poll();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Called when every shard committed end-of-stream: assemble file sinks, end the preview. */
  finish(): Promise<void> {
    if (!this.session || this.state !== 'running') return Promise.resolve();
    this.finishing ??= this.session.finish().then(
      () => {
        this.state = 'done';
        this.preview?.push({ event: 'done', data: JSON.stringify({ rows: this.session?.previewRows ?? 0 }) });
        this.preview?.close();
      },
      (err: unknown) => this.fail(err),
    );
    return this.finishing;
  }

  /** Stops consuming: disables the event source mappings of every stage. */
  async stop(lambda: LambdaClient): Promise<void> {
    if (this.state === 'done' || this.state === 'stopped') return;
    this.state = 'stopped';
    for (const stage of this.spec.stages) {
      const fn = resourceNames.function(this.spec.name, stage.id);
      const maps = await lambda
        .send(new ListEventSourceMappingsCommand({ FunctionName: fn }))
        .catch(() => undefined);
      for (const m of maps?.EventSourceMappings ?? []) {
        if (m.UUID) await lambda.send(new UpdateEventSourceMappingCommand({ UUID: m.UUID, Enabled: false }));
      }
    }
    this.preview?.push({ event: 'done', data: JSON.stringify({ stopped: true }) });
    this.preview?.close();
  }

  private fail(err: unknown): void {
    this.state = 'failed';
    this.error = err instanceof Error ? err.message : String(err);
    this.preview?.push({ event: 'error', data: JSON.stringify({ message: this.error }) });
    this.preview?.close();
  }
}

export const previewName = (): { id: string; name: string } => {
  const id = randomBytes(4).toString('hex');
  return { id, name: `preview-${id}` };
};

import type { PipelineSpec, StageSpec } from '../compiler/spec/index.ts';
import { isPreviewSink, userSinkStream, userSourceStream } from '../compiler/spec/index.ts';
import { cloudSinkOk, cloudSourceOk } from './connector-cloud.ts';
import { CloudConnectorError } from './errors.ts';

/**
 * A stream a stage touches: one of the pipeline's own internal streams (created by the stack, by
 * spec stream id), or a user's stream (a kinesis connector's `streamName`, a name or an ARN),
 * which the stack imports and never creates.
 */
export type StreamRef =
  | { readonly kind: 'internal'; readonly id: string }
  | { readonly kind: 'external'; readonly nameOrArn: string };

/** Where the stage function runs. `local` allows the local-only connectors (`single_file`). */
export type DeployTarget = 'aws' | 'local';

/** The stream a stage reads (its event source mapping). */
export function stageInputStream(stage: StageSpec): StreamRef {
  const input = stage.input;
  const user = input.kind === 'source' ? userSourceStream(input.source) : undefined;
  return user !== undefined ? { kind: 'external', nameOrArn: user } : { kind: 'internal', id: input.stream };
}

/** The stream a stage writes, if any (`single_file` and `filesystem` sinks write files and objects). */
export function stageOutputStream(stage: StageSpec): StreamRef | undefined {
  const out = stage.output;
  if (out.kind === 'shuffle') return { kind: 'internal', id: out.stream };
  if (isPreviewSink(out.sink)) return { kind: 'internal', id: out.sink.stream };
  const user = userSinkStream(out.sink);
  return user === undefined ? undefined : { kind: 'external', nameOrArn: user };
}

export { startingPositionOf } from './connector-cloud.ts';

/**
 * Throws `CloudConnectorError` (code `CLOUD_CONNECTOR_UNSUPPORTED`) for the first connector that
 * cannot run on the target (its declaration's `cloud`). On `aws`, `single_file` sources and sinks
 * are refused; `filesystem` and `nexmark` sources deploy with an ingest function, `filesystem`
 * sinks into the user's bucket.
 */
export function assertConnectorsSupported(spec: PipelineSpec, target: DeployTarget): void {
  if (target === 'local') return;
  for (const stage of spec.stages) {
    const { input, output } = stage;
    if (input.kind === 'source' && !cloudSourceOk(input.source)) {
      throw new CloudConnectorError(input.source.kind, input.source.table, 'source');
    }
    if (output.kind === 'sink' && !cloudSinkOk(output.sink)) {
      const table = 'table' in output.sink ? output.sink.table : output.sink.kind;
      throw new CloudConnectorError(output.sink.kind, table, 'sink');
    }
  }
}

/** The stream name inside a Kinesis stream ARN, or the value itself when it is a plain name. */
export function streamNameOf(nameOrArn: string): string {
  const m = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/(.+)$/.exec(nameOrArn);
  return m?.[1] ?? nameOrArn;
}

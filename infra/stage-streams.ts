import type { PipelineSpec, StageSpec } from '../compiler/spec/index.ts';
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
export function stageInputStream(stage: StageSpec): StreamRef | undefined {
  const input = stage.input;
  if (input.kind === 'source' && input.source.kind === 'kafka') return undefined; // connector: kafka
  if (input.kind === 'source' && input.source.kind === 'kinesis') {
    return { kind: 'external', nameOrArn: input.source.streamName };
  }
  return { kind: 'internal', id: input.stream };
}

/** The stream a stage writes, if any (`single_file` and `filesystem` sinks write files and objects). */
export function stageOutputStream(stage: StageSpec): StreamRef | undefined {
  const out = stage.output;
  if (out.kind === 'shuffle') return { kind: 'internal', id: out.stream };
  switch (out.sink.kind) {
    case 'kinesis':
      return { kind: 'external', nameOrArn: out.sink.streamName };
    case 'preview':
      return { kind: 'internal', id: out.sink.stream };
    case 'single_file':
    case 'filesystem':
    case 'kafka': // connector: kafka
      return undefined;
    default: {
      const never: never = out.sink;
      throw new Error(`unknown sink ${JSON.stringify(never)}`);
    }
  }
}

/** `TRIM_HORIZON` for internal streams and `earliest`; `LATEST` for a kinesis source at `latest`. */
export function startingPositionOf(stage: StageSpec): 'TRIM_HORIZON' | 'LATEST' {
  const input = stage.input;
  return input.kind === 'source' && input.source.kind === 'kinesis' && input.source.offset === 'latest'
    ? 'LATEST'
    : 'TRIM_HORIZON';
}

/**
 * Throws `CloudConnectorError` (code `CLOUD_CONNECTOR_UNSUPPORTED`) for the first connector that
 * cannot run on the target. On `aws`, `single_file` sources and sinks are refused; `filesystem`
 * and `nexmark` sources deploy with an ingest function, `filesystem` sinks into the user's bucket.
 */
export function assertConnectorsSupported(spec: PipelineSpec, target: DeployTarget): void {
  if (target === 'local') return;
  for (const stage of spec.stages) {
    if (stage.input.kind === 'source' && stage.input.source.kind === 'single_file') {
      throw new CloudConnectorError('single_file', stage.input.source.table, 'source');
    }
    if (stage.output.kind === 'sink' && stage.output.sink.kind === 'single_file') {
      throw new CloudConnectorError('single_file', stage.output.sink.table, 'sink');
    }
  }
}

/** The stream name inside a Kinesis stream ARN, or the value itself when it is a plain name. */
export function streamNameOf(nameOrArn: string): string {
  const m = /^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\/(.+)$/.exec(nameOrArn);
  return m?.[1] ?? nameOrArn;
}

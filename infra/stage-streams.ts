import type { PipelineSpec, StageSpec } from '../compiler/spec/index.ts';
import { CloudConnectorError } from './errors.ts';

/** Where the stage function runs. `local` allows the local-only connectors (`single_file`). */
export type DeployTarget = 'aws' | 'local';

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

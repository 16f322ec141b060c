import type { PipelineSpec } from '../compiler/spec/index.ts';
import { cloudSinkOk, cloudSourceOk } from './connector-cloud.ts';
import { CloudConnectorError } from './errors.ts';

/** Where the stage function runs. `local` allows the local-only connectors (`single_file`). */
export type DeployTarget = 'aws' | 'local';

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

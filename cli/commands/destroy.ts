import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { pipelineSpec } from '../../compiler/spec/index.ts';
import { runCdk, stackNameFor } from '../../infra/index.ts';
import { UsageError } from '../../ops/index.ts';
import { parseFlags } from '../args.ts';
import { ProgressView } from '../progress-view.ts';

/**
 * `sluice destroy NAME [--yes] [--json]`: deletes the stack `sluice-NAME` with the pinned CDK CLI.
 * It needs no SQL: `cdk destroy` only needs the stack's name, so it runs on a placeholder assembly.
 */
export async function destroyCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, { yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } });
  const [name, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) {
    throw new UsageError('sluice destroy needs one pipeline name: sluice destroy NAME (e.g. kinesis-tumble)');
  }
  if (!pipelineSpec.shape.name.safeParse(name).success) {
    throw new UsageError(
      `'${name}' is not a pipeline name (lowercase letters, digits and '-', starting with a letter); ` +
        `the name of examples/kinesis-tumble.sql is 'kinesis-tumble'`,
    );
  }
  const json = parsed.values.json ?? false;
  const view = new ProgressView(json);
  const stackName = stackNameFor(name);
  const dir = await mkdtemp(join(tmpdir(), 'sluice-destroy-'));
  try {
    const app = new App({ outdir: dir, analyticsReporting: false });
    new Stack(app, stackName, { stackName });
    app.synth();
    view.step(`destroying ${stackName} with the CDK CLI`);
    await runCdk(['destroy', stackName, '--app', dir, ...(parsed.values.yes ? ['--force'] : [])], {
      stdoutToStderr: json,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    json ? `${JSON.stringify({ stack: stackName, destroyed: true })}\n` : `Destroyed ${stackName}.\n`,
  );
  return 0;
}

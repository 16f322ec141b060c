import { formatResources, runCdk, synthPipeline } from '../../infra/index.ts';
import { loadPipeline } from '../../ops/index.ts';
import { estimateCost, formatCostEstimate } from '../cost-estimate.ts';
import { ProgressView } from '../progress-view.ts';
import { consoleOption, parseCloudArgs } from './synth.ts';

/**
 * `sluice deploy FILE.sql [--parallelism N] [--out DIR] [--events-per-second N] [--event-bytes N]
 * [--yes] [--dry-run] [--json] [--console]`: synthesize, print what will be created and what it costs, then
 * `cdk deploy` the assembly with the pinned CDK CLI (no notices, telemetry or version check).
 */
export async function deployCommand(argv: readonly string[]): Promise<number> {
  const args = parseCloudArgs('deploy', argv);
  const view = new ProgressView(args.json);
  view.step(`compiling ${args.file}`);
  const spec = await loadPipeline(args.file, args.parallelism, args.udfs);
  const r = await synthPipeline({
    spec,
    outDir: args.out,
    console: consoleOption(args),
    onStep: (s) => view.step(s),
  });
  const cost = estimateCost(spec, { eventsPerSecond: args.eventsPerSecond, eventBytes: args.eventBytes });
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!args.json) {
    process.stdout.write(
      `Stack ${r.stackName} will create ${r.resources.length} resources${endpoint ? ` on ${endpoint}` : ''}:\n` +
        `${formatResources(r.resources)}\n\n${formatCostEstimate(cost)}\n\n`,
    );
  }
  if (!args.dryRun) {
    view.step(
      `deploying ${r.stackName} with the CDK CLI (first time in an account/region: 'npx cdk bootstrap')`,
    );
    await runCdk(
      [
        'deploy',
        r.stackName,
        '--app',
        r.assemblyDir,
        '--require-approval',
        args.yes ? 'never' : 'broadening',
      ],
      { stdoutToStderr: args.json },
    );
  }
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ stack: r.stackName, assemblyDir: r.assemblyDir, deployed: !args.dryRun, endpoint: endpoint ?? null, resources: r.resources, cost })}\n`,
    );
  } else if (!args.dryRun) {
    process.stdout.write(
      `Deployed ${r.stackName}. Remove it with: sluice destroy ${spec.name}\n` +
        (args.console
          ? `Open its console (needs lambda:InvokeFunctionUrl and lambda:InvokeFunction on it): sluice console --remote ${spec.name}\n`
          : ''),
    );
  }
  return 0;
}

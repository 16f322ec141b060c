import { makeDynamo, makeKinesis, makeLambda } from '../../functions/index.ts';
import {
  explainConnection,
  findStage,
  loadPipelineRef,
  planFor,
  resolveEndpoint,
  runRescale,
  UsageError,
} from '../../ops/index.ts';
import { parseFlags } from '../args.ts';

/**
 * `sluice rescale PIPELINE STAGE N [--endpoint URL] [--json] [--dry-run]`: UpdateShardCount on the
 * stage's input stream, in 0.5×–2× steps, within 10 calls per rolling 24 hours.
 */
export async function rescaleCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, {
    endpoint: { type: 'string' },
    json: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  const [pipeline, stageId, count, ...extra] = parsed.positionals;
  if (pipeline === undefined || stageId === undefined || count === undefined || extra.length > 0) {
    throw new UsageError('usage: sluice rescale PIPELINE STAGE N [--endpoint URL] [--json] [--dry-run]');
  }
  const target = Number(count);
  if (!Number.isInteger(target) || target < 1)
    throw new UsageError(`N must be a positive integer, got '${count}'`);
  const endpoint = resolveEndpoint(parsed.values.endpoint);
  const clients = {
    dynamo: makeDynamo({ endpoint }),
    kinesis: makeKinesis({ endpoint }),
    lambda: makeLambda({ endpoint }),
  };
  const json = parsed.values.json ?? false;
  let ref: Awaited<ReturnType<typeof loadPipelineRef>>;
  try {
    ref = await loadPipelineRef(clients, pipeline);
  } catch (err) {
    explainConnection(err, endpoint);
  }
  const stage = findStage(ref, stageId);
  if (parsed.values['dry-run']) {
    const r = await planFor({ ...clients, table: ref.table, stream: stage.inputStream, target });
    process.stdout.write(
      json
        ? `${JSON.stringify({ pipeline, stage: stageId, stream: stage.inputStream, ...r })}\n`
        : `${stage.inputStream}: plan ${r.plan.summary} (${r.plan.steps.length} call(s); ${r.allowance.remaining} of 10 left in 24 h)\n`,
    );
    return 0;
  }
  if (stage.userStream && !json) {
    process.stderr.write(
      `note: ${stage.inputStream} is your stream (a kinesis source); its writers see the new shards too\n`,
    );
  }
  let lastMessage = '';
  const final = await runRescale({
    ...clients,
    table: ref.table,
    stageId,
    stream: stage.inputStream,
    target,
    by: 'cli',
    onProgress: (p) => {
      if (json || p.message === lastMessage) return;
      lastMessage = p.message;
      process.stderr.write(`  [${p.phase}] ${p.message}\n`);
    },
  });
  if (json)
    process.stdout.write(
      `${JSON.stringify({ pipeline, stage: stageId, stream: stage.inputStream, ...final })}\n`,
    );
  else process.stdout.write(`${final.message}\n`);
  return 0;
}

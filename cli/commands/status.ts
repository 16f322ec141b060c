import { makeDynamo, makeKinesis, makeLambda } from '../../functions/index.ts';
import {
  explainConnection,
  listPipelineNames,
  loadPipelineRef,
  type PipelineStatus,
  readPipelineStatus,
  resolveEndpoint,
  UsageError,
} from '../../ops/index.ts';
import { parseFlags } from '../args.ts';

interface StageRow {
  readonly pipeline: string;
  readonly stage: string;
  readonly label: string;
  readonly shards: number;
  readonly in: number;
  readonly out: number;
  readonly inPerSec: number;
  readonly dlq: number;
  readonly late: number;
  readonly watermark: string | null;
  readonly lagMs: number | null;
  readonly eosShards: number;
}

const wmText = (wm: number | null) =>
  wm === null ? null : Number.isFinite(wm) ? new Date(wm).toISOString() : 'end-of-stream';

/**
 * `sluice status [PIPELINE] [--endpoint URL] [--json]`: per-stage committed numbers of the
 * pipelines on a running stack, read from their checkpoints and streams (two reads 1 s apart for
 * events/s).
 */
export async function statusCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseFlags(argv, { endpoint: { type: 'string' }, json: { type: 'boolean' } });
  if (parsed.positionals.length > 1) throw new UsageError('sluice status takes at most one pipeline name');
  const endpoint = resolveEndpoint(parsed.values.endpoint);
  const clients = {
    dynamo: makeDynamo({ endpoint }),
    kinesis: makeKinesis({ endpoint }),
    lambda: makeLambda({ endpoint }),
  };
  const wanted = parsed.positionals[0];
  let names: string[];
  try {
    names = await listPipelineNames(clients.dynamo);
  } catch (err) {
    explainConnection(err, endpoint);
  }
  if (wanted !== undefined) {
    if (!names.includes(wanted)) {
      throw new UsageError(
        `no pipeline '${wanted}' at ${endpoint}; pipelines: ${names.join(', ') || 'none'}`,
      );
    }
    names = [wanted];
  }
  const refs = await Promise.all(names.map((n) => loadPipelineRef(clients, n)));
  const first = await Promise.all(refs.map((r) => readPipelineStatus(clients, r, { measureLag: false })));
  await new Promise((r) => setTimeout(r, 1000));
  const second = await Promise.all(refs.map((r) => readPipelineStatus(clients, r)));
  const rows = second.flatMap((s, i) => stageRows(first[i], s));
  if (parsed.values.json) {
    process.stdout.write(
      `${JSON.stringify({ endpoint, pipelines: second.map((s) => ({ name: s.name, state: s.state, failure: s.failure })), stages: rows })}\n`,
    );
    return 0;
  }
  if (second.length === 0) {
    process.stdout.write(`no pipelines at ${endpoint}\n`);
    return 0;
  }
  for (const p of second) {
    process.stdout.write(`pipeline ${p.name}: ${p.state}${p.failure ? ` (${p.failure})` : ''}\n`);
    const table = [
      ['stage', 'shards', 'in', 'out', 'in/s', 'dead', 'late', 'watermark', 'lag'],
      ...rows
        .filter((r) => r.pipeline === p.name)
        .map((r) => [
          r.stage,
          String(r.shards),
          String(r.in),
          String(r.out),
          r.inPerSec.toFixed(1),
          String(r.dlq),
          String(r.late),
          r.watermark ?? '-',
          r.lagMs === null ? '-' : `${(r.lagMs / 1000).toFixed(1)}s`,
        ]),
    ];
    const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => row[c]?.length ?? 0))) ?? [];
    for (const row of table)
      process.stdout.write(`  ${row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ')}\n`);
  }
  return 0;
}

function stageRows(before: PipelineStatus | undefined, now: PipelineStatus): StageRow[] {
  const dt = before ? Math.max(0.001, (now.at - before.at) / 1000) : 1;
  return now.stages.map((s) => {
    const prev = before?.stages.find((b) => b.id === s.id);
    return {
      pipeline: now.name,
      stage: s.id,
      label: s.label,
      shards: s.openShards,
      in: s.in,
      out: s.out,
      inPerSec: prev ? Math.max(0, (s.in - prev.in) / dt) : 0,
      dlq: s.dlq,
      late: s.late,
      watermark: wmText(s.watermark),
      lagMs: s.lagMs,
      eosShards: s.eosShards,
    };
  });
}

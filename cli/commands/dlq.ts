import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { resourceNames } from '../../compiler/spec/index.ts';
import {
  type DeadLetter,
  listDeadLetters,
  makeDynamo,
  makeKinesis,
  makeLambda,
} from '../../functions/index.ts';
import {
  DlqError,
  explainConnection,
  loadPipeline,
  localizeCloudPositions,
  replayDeadLetters,
  resolveEndpoint,
  UsageError,
} from '../../ops/index.ts';
import { parseFlags } from '../args.ts';

const USAGE =
  'sluice dlq list FILE.sql|PIPELINE [--stage ID] [--endpoint URL] [--json]\n' +
  '       sluice dlq replay FILE.sql|PIPELINE [--stage ID] [--from FIXED.jsonl] [--force] [--endpoint URL] [--json]';

/** A line of `sluice dlq list --json`, as `--from` reads it back. */
const deadLetterLine = z.object({
  stage: z.string(),
  shardId: z.string(),
  seq: z.string(),
  index: z.number().int().nonnegative(),
  reason: z.string().default(''),
  raw: z.string(),
  position: z.string().default(''),
  at: z.string().default(''),
});

/** `sluice dlq list|replay`: the dead letters (I8) of a pipeline on a running stack. */
export async function dlqCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'list' && sub !== 'replay') throw new UsageError(`usage: ${USAGE}`);
  const parsed = parseFlags(
    rest,
    {
      endpoint: { type: 'string' },
      stage: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    `Usage: ${USAGE}`,
  );
  const [target, ...extra] = parsed.positionals;
  if (target === undefined || extra.length > 0) throw new UsageError(`usage: ${USAGE}`);
  const { name, spec } = await resolvePipeline(target);
  const endpoint = resolveEndpoint(parsed.values.endpoint);
  const clients = {
    dynamo: makeDynamo({ endpoint }),
    kinesis: makeKinesis({ endpoint }),
    lambda: makeLambda({ endpoint }),
  };
  const stage = parsed.values.stage;
  const json = parsed.values.json ?? false;
  try {
    if (sub === 'list') {
      const table = resourceNames.table(name);
      const letters = await localizeCloudPositions(
        clients.dynamo,
        table,
        await listDeadLetters(clients.dynamo, table, stage),
      );
      process.stdout.write(
        json ? letters.map((d) => `${JSON.stringify(d)}\n`).join('') : formatList(name, letters),
      );
      return 0;
    }
    const fixes = parsed.values.from ? await readFixes(parsed.values.from) : undefined;
    const out = await replayDeadLetters({
      ...clients,
      pipeline: name,
      ...(spec ? { spec } : {}),
      ...(stage ? { stage } : {}),
      ...(fixes ? { fixes } : {}),
      force: parsed.values.force ?? false,
    });
    if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else {
      process.stdout.write(`replayed ${out.replayed.length} dead letter(s) of ${name}\n`);
      for (const s of out.skipped) {
        process.stdout.write(
          `  skipped ${s.letter.stage} ${s.letter.shardId}#${s.letter.seq}#${s.letter.index}: ${s.reason}\n`,
        );
      }
    }
    return 0;
  } catch (err) {
    if (err instanceof DlqError && err.code === 'DLQ_INPUT_INVALID') throw new UsageError(err.message);
    return explainConnection(err, endpoint);
  }
}

/** `FILE.sql` (compiled for its name and stages) or a bare pipeline name. */
async function resolvePipeline(target: string): Promise<{ name: string; spec: PipelineSpec | undefined }> {
  if (/\.sql$/i.test(target)) {
    const spec = await loadPipeline(target, 1);
    return { name: spec.name, spec };
  }
  if (!/^[a-z][a-z0-9-]*$/.test(target)) {
    throw new UsageError(`'${target}' is neither a .sql file nor a pipeline name (like orders)`);
  }
  return { name: target, spec: undefined };
}

async function readFixes(path: string): Promise<DeadLetter[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read --from file '${path}'`);
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      let json: unknown;
      try {
        json = JSON.parse(l);
      } catch {
        throw new UsageError(`${path}:${i + 1}: not JSON`);
      }
      const res = deadLetterLine.safeParse(json);
      if (!res.success)
        throw new UsageError(`${path}:${i + 1}: ${res.error.issues[0]?.message ?? 'invalid'}`);
      return res.data;
    });
}

function formatList(name: string, letters: readonly DeadLetter[]): string {
  if (letters.length === 0) return `no dead letters in ${name}\n`;
  const lines = [`${letters.length} dead letter(s) in ${name}:`];
  for (const d of letters) {
    const raw = d.raw.length > 120 ? `${d.raw.slice(0, 117)}...` : d.raw;
    lines.push(
      `  ${d.stage} ${d.shardId}#${d.seq}#${d.index}  ${d.position}${d.replayedAt ? `  (replayed ${d.replayedAt})` : ''}`,
      `    reason: ${d.reason}`,
      `    raw:    ${raw}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

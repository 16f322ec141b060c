import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PipelineSpec } from '../../compiler/spec/index.ts';
import { ConfigError, StateCorruptError } from '../errors.ts';
import { listCheckpoints } from '../state/checkpoint-store.ts';
import { stageById } from '../wire/topology.ts';
import { localSinkFile } from './emit-outputs.ts';
import { partsDir } from './file-sink-writer.ts';

export interface AssembleFileSinkOptions {
  readonly spec: PipelineSpec;
  readonly stageId: string;
  readonly dynamo: DynamoDBClient;
  readonly table: string;
  /** Unused today (shards come from the checkpoints); kept for lineage-aware assembly (I5). */
  readonly kinesis?: KinesisClient;
}

/** The committed part chain of one shard, oldest first, walking `prev` back from `newest`. */
export async function readPartChain(sinkPath: string, newest: string | null): Promise<string[]> {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let name = newest; name !== null; ) {
    if (seen.has(name)) throw new StateCorruptError(`sink part chain loops at ${name}`);
    seen.add(name);
    chain.push(name);
    const text = await readFile(join(partsDir(sinkPath), name), 'utf8');
    const nl = text.indexOf('\n');
    const header = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as { prev?: string | null };
    name = header.prev ?? null;
  }
  return chain.reverse();
}

/**
 * Writes a single_file sink's `path` from the committed part chains of every shard (I7): shards in
 * id order, each shard's parts in commit order. Written to a temp file and renamed, so readers see
 * either nothing or the whole file. Returns the number of rows.
 */
export async function assembleFileSink(opts: AssembleFileSinkOptions): Promise<number> {
  const stage = stageById(opts.spec, opts.stageId);
  const file = stage.output.kind === 'sink' ? localSinkFile(stage.output.sink) : undefined;
  if (file === undefined) throw new ConfigError(`stage ${opts.stageId} does not write a single_file sink`);
  const sinkPath = resolve(file);
  const checkpoints = await listCheckpoints(opts.dynamo, opts.table, stage.id);
  await mkdir(dirname(sinkPath), { recursive: true });
  const tmp = `${sinkPath}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let rows = 0;
  try {
    for (const cp of checkpoints) {
      for (const name of await readPartChain(sinkPath, cp.doc.sinkPart)) {
        const text = await readFile(join(partsDir(sinkPath), name), 'utf8');
        const body = text.slice(text.indexOf('\n') + 1);
        if (body.length === 0) continue;
        rows += body.endsWith('\n') ? body.split('\n').length - 1 : body.split('\n').length;
        if (!out.write(body.endsWith('\n') ? body : `${body}\n`))
          await new Promise<void>((r) => out.once('drain', () => r()));
      }
    }
  } finally {
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  }
  await rename(tmp, sinkPath);
  return rows;
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sampleRss } from './rss.ts';

const root = join(import.meta.dirname, '..');

/** The last line `sluice run --json` prints: what the bench scripts read of a run. */
export interface RunSummary {
  readonly ingested: number;
  readonly runningMs: number;
  readonly sinks: readonly { rows: number }[];
  readonly cost: { dynamoWriteUnits: number; kinesisPutUnits: number; invocations: number };
}

/**
 * Runs a SQL file through the real `sluice run --json` (bin/sluice.mjs, a child process) at
 * `parallelism`; with `sampleMemory`, samples the peak RSS of its process tree (else 0). Throws
 * with its stderr if it fails.
 */
export async function sluiceRun(
  sqlFile: string,
  parallelism: number,
  opts: { readonly sampleMemory?: boolean } = {},
): Promise<{ summary: RunSummary; peakRssBytes: number }> {
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin/sluice.mjs'),
      'run',
      sqlFile,
      '--parallelism',
      String(parallelism),
      '--json',
      '--port',
      '0',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const rss = opts.sampleMemory ? sampleRss(child.pid ?? 0) : undefined;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const peakRssBytes = rss?.stop() ?? 0;
  if (code !== 0) throw new Error(`sluice run ${sqlFile} failed (${code}): ${stderr}`);
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as RunSummary;
  return { summary, peakRssBytes };
}

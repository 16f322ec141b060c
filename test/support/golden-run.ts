import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { limiter } from './limiter.ts';
import type { Row } from './normalize.ts';
import { type CliResult, repoRoot, runSluice } from './run-sluice.ts';

const queriesDir = join(repoRoot, 'test/queries');

/** The rows of a JSON-lines file. */
export async function readJsonLines(path: string): Promise<Row[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

/**
 * `sluice run test/queries/<name>.sql <args> --json --port 0` in a slot of `limit`, with the rows
 * of its sink file (`test/queries/out/<name>.jsonl`) read before another run of the query starts
 * (none when the run failed).
 */
export function runGoldenQuery(
  limit: ReturnType<typeof limiter>,
  name: string,
  args: readonly string[],
): Promise<{ result: CliResult; rows: Row[] }> {
  return limit(name, async () => {
    const result = await runSluice(['run', `test/queries/${name}.sql`, ...args, '--json', '--port', '0']);
    const out = join(queriesDir, 'out', `${name}.jsonl`);
    return { result, rows: result.code === 0 ? await readJsonLines(out) : [] };
  });
}

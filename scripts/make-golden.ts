/** Recomputes test/queries/golden/*.jsonl from the DuckDB oracle queries (never from sluice). */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeRows } from '../test/support/normalize.ts';
import { runOracle } from '../test/support/oracle.ts';

const dir = join(import.meta.dirname, '../test/queries');
for (const file of (await readdir(dir)).filter((f) => f.endsWith('.oracle.sql')).sort()) {
  const name = file.replace(/\.oracle\.sql$/, '');
  const rows = normalizeRows(await runOracle(join(dir, file), dir));
  await writeFile(join(dir, 'golden', `${name}.jsonl`), `${rows.join('\n')}\n`);
  process.stderr.write(`golden/${name}.jsonl: ${rows.length} rows\n`);
}

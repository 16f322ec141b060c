import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * The command line of a JSON-lines generator script: `--out FILE` (required) and the script's own
 * options, each a string with its default. Writes the lines `generate` makes from them to FILE and,
 * when `report`, says so on stderr.
 */
export function runGenerator<K extends string>(
  defaults: Readonly<Record<K, string>>,
  generate: (values: Readonly<Record<K, string>>) => string[],
  report = true,
): void {
  const own = Object.fromEntries(
    Object.entries<string>(defaults).map(([k, d]) => [k, { type: 'string' as const, default: d }]),
  );
  const { values } = parseArgs({ options: { out: { type: 'string' }, ...own } });
  const out = values.out;
  if (typeof out !== 'string' || out === '') throw new Error('--out FILE is required');
  const lines = generate(values as Record<K, string>);
  writeFileSync(out, `${lines.join('\n')}\n`);
  if (report) process.stderr.write(`wrote ${lines.length} lines to ${out}\n`);
}

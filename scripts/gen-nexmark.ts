/**
 * Writes the nexmark source's events as JSON lines in Arroyo's shape (structs person/auction/bid),
 * for the DuckDB oracle. The options must equal the SQL table's.
 * Usage: tsx scripts/gen-nexmark.ts --out FILE [--event-rate N] [--runtime S] [--seed S] [--group G]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { NexmarkOptions } from '../compiler/spec/nexmark-spec.ts';
import { nestedDocument, nexmarkEvents } from '../functions/connectors/nexmark/generator.ts';

/** The generator options of a nexmark table with these SQL options (and the defaults otherwise). */
export function nexmarkTestOptions(
  eventRate: number,
  runtime: number,
  seed: number,
  group: number,
): NexmarkOptions {
  return {
    seed,
    eventRate,
    events: Math.round(eventRate * runtime),
    outOfOrderGroupSize: group,
    probDelayedEvent: 0.1,
    occasionalDelayMs: 3000,
    baseTimeMs: Date.parse('2024-01-01T00:00:00.000Z'),
  };
}

export function nexmarkOracleLines(o: NexmarkOptions): string[] {
  return [...nexmarkEvents(o)].map((e) => JSON.stringify(nestedDocument(e)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      'event-rate': { type: 'string', default: '250' },
      runtime: { type: 'string', default: '20' },
      seed: { type: 'string', default: '7' },
      group: { type: 'string', default: '4' },
    },
  });
  if (!values.out) throw new Error('--out FILE is required');
  const o = nexmarkTestOptions(
    Number(values['event-rate']),
    Number(values.runtime),
    Number(values.seed),
    Number(values.group),
  );
  const lines = nexmarkOracleLines(o);
  writeFileSync(values.out, `${lines.join('\n')}\n`);
  process.stderr.write(`wrote ${lines.length} events to ${values.out}\n`);
}

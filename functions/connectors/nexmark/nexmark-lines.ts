import type { NexmarkOptions } from '../../../compiler/spec/index.ts';
import { flatDocument, nexmarkEvents } from './generator.ts';
import { impulseLines } from './impulse-lines.ts';

/**
 * The nexmark source's events as the JSON lines its source stage reads (line k = event k − 1), for
 * the ingester. The same generator could run in the cloud as an ingest stage writing these lines
 * (see README "Connectors"); locally `sluice run` feeds them like a file's.
 */
export function* nexmarkLines(o: NexmarkOptions, from = 0, to = o.events): Generator<string> {
  if (o.generator === 'impulse') {
    yield* impulseLines(o, from, to);
    return;
  }
  for (const e of nexmarkEvents(o, from, to)) yield JSON.stringify(flatDocument(e));
}

import type { AstExpr } from '../ast/expr.ts';
import { sqlError } from '../errors/sql-error.ts';
import { formatInterval } from '../parse/interval.ts';
import type { WindowSpec } from '../spec/pipeline-spec.ts';

/**
 * Windows one row may fall into (hop width / slide). Each costs the window operator state and an
 * output row per key: at 1,000 a row takes about 1 ms to place (measured, see README Limits);
 * `hop(interval '1 millisecond', interval '1 day')` would put every row in 86.4 million.
 */
export const MAX_HOP_WINDOWS_PER_ROW = 1000;

export const WINDOW_CALLS: ReadonlySet<string> = new Set(['tumble', 'hop', 'session']);

const USAGE: Readonly<Record<string, string>> = {
  tumble: "tumble(interval '1 minute')",
  hop: "hop(interval '10 seconds', interval '1 minute') (slide, then width)",
  session: "session(interval '30 seconds') (the gap)",
};

/** `tumble(size)`, `hop(slide, width)`, `session(gap)` → a WindowSpec. */
export function parseWindowCall(e: Extract<AstExpr, { kind: 'call' }>): WindowSpec {
  const want = e.name === 'hop' ? 2 : 1;
  const ms: number[] = [];
  for (const a of e.args) {
    if (a.kind !== 'interval')
      throw sqlError('SQL_INVALID', a.pos, `${e.name}() takes interval arguments`, `write ${USAGE[e.name]}`);
    if (a.ms <= 0)
      throw sqlError('SQL_INVALID', a.pos, `${e.name}() needs a positive interval`, `write ${USAGE[e.name]}`);
    ms.push(a.ms);
  }
  if (ms.length !== want || e.star)
    throw sqlError(
      'SQL_INVALID',
      e.pos,
      `${e.name}() takes ${want === 1 ? 'one interval argument' : 'two interval arguments'}`,
      `write ${USAGE[e.name]}`,
    );
  const [first = 0, second = 0] = ms;
  switch (e.name) {
    case 'tumble':
      return { kind: 'tumble', sizeMs: first };
    case 'hop':
      if (second % first !== 0)
        throw sqlError(
          'SQL_INVALID',
          e.pos,
          `hop() width ${formatInterval(second)} must be a multiple of its slide ${formatInterval(first)}`,
          `make the width a whole number of slides, e.g. hop(interval '${formatInterval(first)}', interval '${formatInterval(first * Math.max(1, Math.round(second / first)))}')`,
        );
      if (second / first > MAX_HOP_WINDOWS_PER_ROW)
        throw sqlError(
          'SQL_INVALID',
          e.args[1]?.pos ?? e.pos,
          `hop() width ${formatInterval(second)} with slide ${formatInterval(first)} puts every row in ${(second / first).toLocaleString('en-US')} windows; at most ${MAX_HOP_WINDOWS_PER_ROW.toLocaleString('en-US')} are allowed`,
          `use a longer slide, e.g. hop(interval '${formatInterval(coarserSlide(second))}', interval '${formatInterval(second)}'), or tumble(interval '${formatInterval(second)}')`,
        );
      return second === first
        ? { kind: 'tumble', sizeMs: first }
        : { kind: 'hop', slideMs: first, sizeMs: second };
    case 'session':
      return { kind: 'session', gapMs: first };
    default:
      throw sqlError('SQL_UNSUPPORTED', e.pos, `unknown window ${e.name}()`, `use ${USAGE.tumble}`);
  }
}

const S = 1000;
/** Slides people write, shortest first. */
const ROUND_SLIDES = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400,
].map((s) => s * S);

/** A short, preferably round, slide that divides `width` into at most MAX_HOP_WINDOWS_PER_ROW windows. */
function coarserSlide(width: number): number {
  const least = Math.ceil(width / MAX_HOP_WINDOWS_PER_ROW);
  const round = ROUND_SLIDES.find((s) => s >= least && width % s === 0);
  if (round !== undefined) return round;
  for (let slide = least; slide < width && slide < least + 100_000; slide++)
    if (width % slide === 0) return slide;
  return width;
}

/** True if `e` is the same window call as `spec` (a window selected by its call). */
export function sameWindowCall(e: AstExpr, spec: WindowSpec): boolean {
  if (e.kind !== 'call' || !WINDOW_CALLS.has(e.name)) return false;
  try {
    return JSON.stringify(parseWindowCall(e)) === JSON.stringify(spec);
  } catch {
    return false;
  }
}

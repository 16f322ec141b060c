import type { AstExpr } from '../ast/expr.ts';
import { sqlError } from '../errors/sql-error.ts';
import { formatInterval } from '../parse/interval.ts';
import type { WindowSpec } from '../spec/pipeline-spec.ts';

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
      return second === first
        ? { kind: 'tumble', sizeMs: first }
        : { kind: 'hop', slideMs: first, sizeMs: second };
    case 'session':
      return { kind: 'session', gapMs: first };
    default:
      throw sqlError('SQL_UNSUPPORTED', e.pos, `unknown window ${e.name}()`, `use ${USAGE.tumble}`);
  }
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

/** A line to insert into a golden input before good line `before` (0-based). */
export interface ExtraLine {
  readonly before: number;
  readonly line: string;
  /** What its dead letter's reason must say; none: the line is not dead-lettered. */
  readonly reason?: RegExp;
}

/**
 * Mixes `extras` into the good lines of a golden input. Returns the mixed lines and, for each
 * extra with a reason, its 1-based line number in the mixed file (the dead letter's position).
 */
export function mixLines(
  good: readonly string[],
  extras: readonly ExtraLine[],
): { lines: string[]; expected: { line: number; reason: RegExp }[] } {
  const lines: string[] = [];
  const expected: { line: number; reason: RegExp }[] = [];
  good.forEach((l, k) => {
    for (const x of extras.filter((e) => e.before === k)) {
      lines.push(x.line);
      if (x.reason) expected.push({ line: lines.length, reason: x.reason });
    }
    lines.push(l);
  });
  return { lines, expected };
}

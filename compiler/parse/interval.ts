const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  msec: 1,
  msecs: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

export const INTERVAL_UNITS_HINT =
  "write e.g. INTERVAL '1 minute', INTERVAL '30' SECOND or INTERVAL '500 milliseconds'";

/**
 * Parses an interval's text into milliseconds: `'1 minute'`, `'30 seconds'`, `'1 hour 30 minutes'`,
 * or a bare number with a separate unit (`INTERVAL '1' MINUTE`). Returns an error message on failure.
 */
export function parseInterval(text: string, unit: string | null): { ms: number } | { error: string } {
  const trimmed = text.trim();
  if (unit !== null) {
    const per = UNIT_MS[unit.toLowerCase()];
    if (per === undefined) return { error: `unsupported interval unit ${unit}` };
    if (!/^[0-9]+(\.[0-9]+)?$/.test(trimmed)) return { error: `invalid interval '${text}' ${unit}` };
    return checked(Number(trimmed) * per, text);
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length % 2 !== 0 || trimmed === '') return { error: `invalid interval '${text}'` };
  let total = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const n = parts[i] ?? '';
    const u = (parts[i + 1] ?? '').toLowerCase();
    const per = UNIT_MS[u];
    if (!/^[0-9]+(\.[0-9]+)?$/.test(n)) return { error: `invalid interval '${text}': ${n} is not a number` };
    if (per === undefined) return { error: `invalid interval '${text}': unknown unit ${parts[i + 1]}` };
    total += Number(n) * per;
  }
  return checked(total, text);
}

function checked(ms: number, text: string): { ms: number } | { error: string } {
  if (!Number.isInteger(ms)) return { error: `interval '${text}' is not a whole number of milliseconds` };
  if (ms <= 0) return { error: `interval '${text}' must be positive` };
  return { ms };
}

/** `60000` → `1 minute`, for explain output. */
export function formatInterval(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [per, name] of units) {
    if (ms % per === 0) {
      const n = ms / per;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

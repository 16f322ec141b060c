import { SluiceRuntimeError } from './errors.ts';

/** Longest excerpt of a value in a message (characters). */
export const VALUE_EXCERPT_CHARS = 120;
/** Longest dead-letter reason (characters); a longer one is cut and says its length. */
export const MAX_REASON_CHARS = 2048;
/** Deeper nesting than this is shown as `[…]` / `{…}` in an excerpt. */
const MAX_DEPTH = 8;

/**
 * `text` cut to at most `max` characters (never inside a surrogate pair), saying how long it was:
 * `<head>… (<n> chars in all)`.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = `… (${text.length.toLocaleString('en-US')} chars in all)`;
  let end = Math.max(0, max - tail.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + tail;
}

/**
 * A short JSON-like excerpt of a decoded value, for an error message: bounded in length whatever
 * the value's size, and bounded in depth (no recursion into 5,000 nested arrays, which would throw
 * a RangeError from JSON.stringify). A cut string says its length.
 */
export function excerptValue(v: unknown, max = VALUE_EXCERPT_CHARS): string {
  const out = { s: '' };
  write(v, 0, out, max);
  const s = out.s;
  if (typeof v === 'string' && v.length > max)
    return `${s} (a string of ${v.length.toLocaleString('en-US')} chars)`;
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function write(v: unknown, depth: number, out: { s: string }, max: number): void {
  if (out.s.length > max) return;
  if (Array.isArray(v)) {
    if (depth >= MAX_DEPTH) {
      out.s += '[…]';
      return;
    }
    out.s += '[';
    for (let i = 0; i < v.length && out.s.length <= max; i++) {
      if (i > 0) out.s += ',';
      write(v[i], depth + 1, out, max);
    }
    out.s += ']';
  } else if (typeof v === 'object' && v !== null) {
    if (depth >= MAX_DEPTH) {
      out.s += '{…}';
      return;
    }
    out.s += '{';
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (out.s.length > max) break;
      out.s += `${first ? '' : ','}${JSON.stringify(capText(k, max))}:`;
      first = false;
      write(x, depth + 1, out, max);
    }
    out.s += '}';
  } else if (typeof v === 'string') {
    out.s += JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
  } else if (typeof v === 'number' || typeof v === 'boolean' || v === null) {
    out.s += JSON.stringify(v);
  } else {
    out.s += String(v);
  }
}

/**
 * The reason to record for any exception thrown while decoding or evaluating one record: the
 * message of sluice's own errors, `<Class>: <message>` for any other (a RangeError, a TypeError from
 * a user function, a thrown non-Error), capped at MAX_REASON_CHARS. Never throws itself.
 */
export function describeError(err: unknown): string {
  let text: string;
  try {
    if (err instanceof SluiceRuntimeError) text = err.message;
    else if (err instanceof Error) text = `${err.name}: ${err.message}`;
    else text = `thrown ${typeof err}: ${String(err)}`;
  } catch {
    text = 'an exception that cannot be described (its message threw)';
  }
  return capText(String(text), MAX_REASON_CHARS);
}

/** JSON text of a decoded value to keep as a dead letter's raw input; an excerpt if it cannot be serialized. */
export function rawJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return excerptValue(v, MAX_REASON_CHARS);
  }
}

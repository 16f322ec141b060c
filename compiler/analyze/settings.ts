import type { AstStatement } from '../ast/statement.ts';
import { suggestion } from '../errors/did-you-mean.ts';
import { sqlError } from '../errors/sql-error.ts';
import { INTERVAL_UNITS_HINT, parseInterval } from '../parse/interval.ts';

/** Session settings changed by `SET name = value`; they apply to the statements after them. */
export interface Settings {
  /** State TTL of updating (unwindowed) joins, in event-time ms. Arroyo's default: 24 hours. */
  updatingTtlMs: number;
}

export const DEFAULT_UPDATING_TTL_MS = 24 * 3_600_000;

export const defaultSettings = (): Settings => ({ updatingTtlMs: DEFAULT_UPDATING_TTL_MS });

const KNOWN = ['updating_ttl'];
const TTL_HINT = `write SET updating_ttl = INTERVAL '1 hour' (${INTERVAL_UNITS_HINT})`;

/** Applies one `SET` statement to `settings`. */
export function applySet(st: Extract<AstStatement, { kind: 'set' }>, settings: Settings): void {
  if (st.name !== 'updating_ttl')
    throw sqlError(
      'SQL_UNSUPPORTED',
      st.pos,
      `unknown setting ${st.name}`,
      suggestion(st.name, KNOWN, 'setting'),
    );
  const v = st.value;
  let ms: number | undefined;
  if (v.kind === 'interval') ms = v.ms;
  else if (v.kind === 'literal' && v.literal.type === 'string') {
    const parsed = parseInterval(v.literal.value, null);
    if ('error' in parsed) throw sqlError('SQL_INVALID', v.pos, parsed.error, TTL_HINT);
    ms = parsed.ms;
  }
  if (ms === undefined || ms <= 0)
    throw sqlError(
      'SQL_UNSUPPORTED',
      v.pos,
      'updating_ttl must be a positive interval (state without a TTL would grow forever)',
      TTL_HINT,
    );
  settings.updatingTtlMs = ms;
}

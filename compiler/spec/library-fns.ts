import { oneOf } from './one-of.ts';

/**
 * The scalar function library beyond the first release's functions (expr.ts `scalarFn`). Typing:
 * compiler/analyze/bind-library-call.ts; run time: functions/expr/scalar-library.ts. Semantics follow
 * DuckDB unless the README's SQL reference says otherwise.
 */
export const LIBRARY_FNS = [
  'trim',
  'ltrim',
  'rtrim',
  'replace',
  'starts_with',
  'ends_with',
  'strpos',
  'left',
  'right',
  'lpad',
  'rpad',
  'reverse',
  'split_part',
  'regexp_replace',
  'regexp_like',
  'split',
  'ceil',
  'floor',
  'sqrt',
  'power',
  'exp',
  'ln',
  'log10',
  'sign',
  'trunc',
  'greatest',
  'least',
  'mod',
  'date_trunc',
  'date_part',
  'to_timestamp',
  'date_diff',
  'cardinality',
  'json_get',
  'json_get_str',
  'json_get_int',
  'json_get_float',
  'json_get_bool',
  'extract_json_string',
  'json_as_text',
  'md5',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
] as const;

export type LibraryFn = (typeof LIBRARY_FNS)[number];

export const isLibraryFn = oneOf(LIBRARY_FNS);

/** Functions that see NULL arguments themselves; every other library function is NULL on any NULL argument. */
export const NULL_AWARE_FNS: ReadonlySet<LibraryFn> = new Set(['greatest', 'least']);

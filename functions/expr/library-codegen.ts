import { type Expr, type LibraryFn, NULL_AWARE_FNS } from '../../compiler/spec/index.ts';

/**
 * Generated code for a library call: `h.lib.<fn>(args…)`, NULL if any argument is NULL (the
 * NULL-aware functions get their arguments as they are).
 */
export function genLibraryCall(
  fn: LibraryFn,
  args: readonly Expr[],
  gen: (e: Expr) => string,
  tmp: () => string,
): string {
  const call = (list: readonly string[]) => `h.lib.${fn}(${list.join(', ')})`;
  if (NULL_AWARE_FNS.has(fn)) return call(args.map(gen));
  if (args.length === 0) return call([]);
  const temps = args.map(() => tmp());
  const assigns = args.map((a, i) => `(${temps[i]} = ${gen(a)})`);
  return `(${assigns.join(', ')}, ${temps.map((t) => `${t} === null`).join(' || ')} ? null : ${call(temps)})`;
}

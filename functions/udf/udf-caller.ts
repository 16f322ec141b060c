import { EvaluationError, errorMessage } from '../errors.ts';
import { asyncResult } from './async-results.ts';
import { fromUdf, toUdf } from './convert.ts';
import { installedUdf } from './registry.ts';

/**
 * The function a compiled expression calls for a `udf` node, given the arguments' engine values.
 * A NULL argument for a parameter not declared `T | null` gives NULL without a call (SQL's strict
 * functions). A sync UDF runs right here; an async one reads the result its stage's pre-pass
 * fetched (async-prefetch.ts). A throw, or a result of another type than declared, is an
 * EvaluationError, so the row is dead-lettered (I8).
 */
export function udfCaller(id: string): (...args: unknown[]) => unknown {
  const { spec, fn } = installedUdf(id);
  const strict = spec.params.map((p) => !p.type.nullable);
  const skip = (args: unknown[]): boolean => args.some((a, i) => a === null && strict[i] === true);
  if (spec.async !== null) return (...args) => (skip(args) ? null : asyncResult(spec.id, args, spec.name));
  const what = `UDF ${spec.name}()`;
  return (...args) => {
    if (skip(args)) return null;
    const values = args.map((a, i) =>
      toUdf(a, spec.params[i]!.type, `${what} argument ${spec.params[i]!.name}`),
    );
    let out: unknown;
    try {
      out = fn(...values);
    } catch (err) {
      throw new EvaluationError(`${what} threw: ${errorMessage(err)}`);
    }
    if (out instanceof Promise) {
      out.catch(() => {}); // never an unhandled rejection; the row is dead-lettered instead
      throw new EvaluationError(`${what} returned a Promise: declare its result Promise<T> to make it async`);
    }
    return fromUdf(out, spec.returns, what);
  };
}

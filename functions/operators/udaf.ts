import { EvaluationError, errorMessage } from '../errors.ts';
import { fromUdf, toUdf } from '../udf/convert.ts';
import { installedUdf } from '../udf/registry.ts';
import type { StateAggregate } from './aggregate-states.ts';

/** `[eventTime, value]` pairs, as array_agg keeps them: JSON, persisted with the window's state. */
type Values = [number, unknown][];

/**
 * The accumulator of an aggregate UDF (Arroyo's convention: a function of one array parameter).
 * The state keeps every value with its event time, in the key group's window state, so it commits
 * with the checkpoint (I1) and survives retries and re-batching. At the result the values are
 * ordered by event time (ties in arrival order, as array_agg) and the function is called once.
 * NULL values are dropped unless the parameter is `(T | null)[]`; no values at all give NULL
 * without a call. A throw or a result of the wrong type is an EvaluationError.
 */
export function udafAggregate(id: string): StateAggregate<Values> {
  const { spec, fn } = installedUdf(id);
  const param = spec.params[0];
  if (spec.kind !== 'aggregate' || param === undefined) throw new Error(`UDF ${id} is not an aggregate`);
  const what = `aggregate UDF ${spec.name}()`;
  if (spec.params.length === 2) return pairAggregate(spec, fn, what);
  return {
    init: () => [],
    update(s, v, t) {
      if (v !== null || param.type.elementNullable) s.push([t, v]);
      return s;
    },
    merge: (a, b) => a.concat(b),
    result(s) {
      if (s.length === 0) return null;
      const values = [...s].sort((x, y) => x[0] - y[0]).map((e) => e[1]);
      const arg = toUdf(values, param.type, `${what} values`);
      let out: unknown;
      try {
        out = fn(arg);
      } catch (err) {
        throw new EvaluationError(`${what} threw: ${errorMessage(err)}`);
      }
      return fromUdf(out, spec.returns, what);
    },
  };
}

/**
 * A two-parameter aggregate UDF (Arroyo's `max_product(a, b)`: one array per argument column): the
 * state keeps each row's pair `[a, b]` (the accumulator passes null when either is NULL; such rows
 * are dropped), and the result calls the function with the two columns of pairs, in event-time order.
 */
function pairAggregate(
  spec: ReturnType<typeof installedUdf>['spec'],
  fn: ReturnType<typeof installedUdf>['fn'],
  what: string,
): StateAggregate<Values> {
  const [p1, p2] = spec.params;
  if (p1 === undefined || p2 === undefined) throw new Error(`UDF ${spec.id} is not a two-argument aggregate`);
  return {
    init: () => [],
    update(s, v, t) {
      if (Array.isArray(v)) s.push([t, v]);
      return s;
    },
    merge: (a, b) => a.concat(b),
    result(s) {
      if (s.length === 0) return null;
      const pairs = [...s].sort((x, y) => x[0] - y[0]).map((e) => e[1] as [unknown, unknown]);
      const a = toUdf(
        pairs.map((p) => p[0]),
        p1.type,
        `${what} values of ${p1.name}`,
      );
      const b = toUdf(
        pairs.map((p) => p[1]),
        p2.type,
        `${what} values of ${p2.name}`,
      );
      let out: unknown;
      try {
        out = fn(a, b);
      } catch (err) {
        throw new EvaluationError(`${what} threw: ${errorMessage(err)}`);
      }
      return fromUdf(out, spec.returns, what);
    },
  };
}

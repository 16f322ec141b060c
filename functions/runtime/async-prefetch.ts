import { udfIdsIn } from '../../compiler/spec/index.ts';
import { DecodeError, EvaluationError, errorMessage } from '../errors.ts';
import type { Row } from '../expr/compile-expr.ts';
import { createFusedStateless, isStateless, type StatelessSpec } from '../operators/fused-stateless.ts';
import { AsyncLease, collectAsyncCalls, type Outcome, type PendingCall } from '../udf/async-results.ts';
import { runBounded } from '../udf/bounded-calls.ts';
import { fromUdf, toUdf } from '../udf/convert.ts';
import { type InstalledUdf, installedUdf } from '../udf/registry.ts';
import { decodeEnvelope } from '../wire/envelope.ts';
import type { KinesisEventRecord } from '../wire/kinesis-event.ts';
import { readsEnvelopes } from './source-watermark.ts';
import type { StageContext } from './stage-context.ts';

/** Fetches the async UDF results an invocation's rows need before the synchronous chain runs. */
export interface AsyncPrefetcher {
  /** Resolves every async call the records' rows make; release the lease after processing them. */
  prefetch(records: readonly KinesisEventRecord[]): Promise<AsyncLease>;
}

/** Rounds of collect → fetch; each round resolves at least one more level of nested async calls. */
const MAX_ROUNDS = 32;
const byContext = new WeakMap<StageContext, AsyncPrefetcher | null>();

/**
 * The stage's prefetcher, or undefined when its leading filter/project run calls no async UDF (the
 * compiler refuses async UDFs anywhere else, compiler/udf/async-placement.ts).
 *
 * The pre-pass decodes the records' rows as the record loop will (source rows parsed by the source
 * schema, edge rows as objects) and runs them through a private copy of the leading run, in collect
 * mode: each async call is recorded, returning the result if known. The missing calls are then made,
 * per UDF with its concurrency limit and timeout, and the pass repeats until no call is missing.
 * The real chain then reads the results in record order, so outputs keep input order (Arroyo's
 * `ordered`), and a timed-out call dead-letters its row through the ordinary path (I8). Equal
 * calls within a batch are made once. Rows the record loop will skip (duplicates, late rows,
 * records already committed) may be looked up too: extra calls, never wrong results.
 */
export function asyncPrefetcher(ctx: StageContext): AsyncPrefetcher | undefined {
  let p = byContext.get(ctx);
  if (p === undefined) {
    p = build(ctx);
    byContext.set(ctx, p);
  }
  return p ?? undefined;
}

function build(ctx: StageContext): AsyncPrefetcher | null {
  const ops = ctx.stage.operators;
  const end = ops.findIndex((op) => !isStateless(op));
  const lead = (end < 0 ? ops : ops.slice(0, end)) as StatelessSpec[];
  const asyncIds = new Set((ctx.spec.udfs ?? []).filter((u) => u.async !== null).map((u) => u.id));
  if (![...udfIdsIn(lead)].some((id) => asyncIds.has(id))) return null;
  const run = createFusedStateless(lead, () => {});
  return {
    async prefetch(records) {
      const rows = inputRows(ctx, records);
      const lease = new AsyncLease();
      try {
        for (let round = 0; round < MAX_ROUNDS; round++) {
          const calls = collectAsyncCalls(() => {
            for (const row of rows) {
              try {
                run.push(row, 0, undefined);
              } catch (err) {
                if (!(err instanceof EvaluationError)) throw err;
              }
            }
          });
          const missing = lease.adopt(calls);
          if (missing.length === 0) break;
          await fetchAll(missing, lease);
        }
      } catch (err) {
        lease.release();
        throw err;
      }
      return lease;
    },
  };
}

/** Makes the missing calls, grouped by UDF so each UDF keeps its own limit; all UDFs at once. */
async function fetchAll(missing: readonly [string, PendingCall][], lease: AsyncLease): Promise<void> {
  const byUdf = new Map<string, [string, PendingCall][]>();
  for (const m of missing) {
    const list = byUdf.get(m[1].id) ?? [];
    list.push(m);
    byUdf.set(m[1].id, list);
  }
  await Promise.all(
    [...byUdf].map(([id, calls]) => {
      const udf = installedUdf(id);
      const opts = udf.spec.async;
      if (opts === null) throw new Error(`UDF ${id} is not async`);
      return runBounded(
        calls,
        opts,
        udf.spec.name,
        ([, c]) => invoke(udf, c.args),
        ([key], outcome) => lease.settle(key, checked(udf, outcome)),
      );
    }),
  );
}

function invoke(udf: InstalledUdf, args: readonly unknown[]): unknown {
  const { spec, fn } = udf;
  return fn(
    ...args.map((a, i) =>
      toUdf(a, spec.params[i]!.type, `UDF ${spec.name}() argument ${spec.params[i]!.name}`),
    ),
  );
}

/** Converts a fulfilled value to the engine's, or the reason it does not fit the declared type. */
function checked(udf: InstalledUdf, outcome: Outcome): Outcome {
  if (!outcome.ok) return outcome;
  try {
    return { ok: true, value: fromUdf(outcome.value, udf.spec.returns, `async UDF ${udf.spec.name}()`) };
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  }
}

/** The rows entering the stage, decoded as the record loop decodes them; undecodable ones skipped. */
function inputRows(ctx: StageContext, records: readonly KinesisEventRecord[]): Row[] {
  const src = ctx.stage.input.kind === 'source' ? ctx.stage.input.source : undefined;
  const rows: Row[] = [];
  const parse = (raw: unknown): void => {
    if (typeof raw !== 'string' || ctx.parseSource === undefined) return;
    try {
      rows.push(ctx.parseSource(raw).row);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
    }
  };
  for (const rec of records) {
    const bytes = Buffer.from(rec.kinesis.data, 'base64');
    if (src !== undefined && !readsEnvelopes(src)) {
      parse(bytes.toString('utf8'));
      continue;
    }
    let rowsOf: readonly (readonly [number, number, unknown])[];
    try {
      rowsOf = decodeEnvelope(bytes).rows;
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      continue;
    }
    for (const [, , row] of rowsOf) {
      if (src !== undefined) parse(row);
      else if (typeof row === 'object' && row !== null && !Array.isArray(row)) rows.push(row as Row);
    }
  }
  return rows;
}

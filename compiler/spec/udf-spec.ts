import { z } from 'zod';
import { scalarType } from './types.ts';

/**
 * TypeScript UDFs of a pipeline (README "TypeScript UDFs"). The compiler reads each function's
 * signature from its module; the stage handler bundle registers the modules by content hash, and
 * the runtime refuses to start a stage whose spec names a UDF the bundle lacks.
 */

/** A parameter or result type: `number` → float, `bigint` → int, `Date` → timestamp, `T[]`, `T | null`. */
export const udfValueType = z.object({
  type: scalarType.exclude(['null']),
  /** `T | null`: NULL is passed in (a parameter) or may come out (the result). */
  nullable: z.boolean(),
  /** Arrays only: `(T | null)[]`, elements may be NULL. */
  elementNullable: z.boolean(),
});
export type UdfValueType = z.infer<typeof udfValueType>;

/** Arroyo's `allowed_in_flight` and `timeout` for async UDFs. */
export const udfAsyncOptions = z.object({
  /** Calls in flight at once per invocation. */
  concurrency: z.number().int().positive(),
  /** A call that takes longer dead-letters its row (I8). */
  timeoutMs: z.number().int().positive(),
});
export type UdfAsyncOptions = z.infer<typeof udfAsyncOptions>;

export const udfSpec = z.object({
  /** `<export>@<first 16 hex digits of the module's sha256>`: what expressions and aggregates name. */
  id: z.string().regex(/^[A-Za-z_$][\w$]*@[0-9a-f]{16}$/),
  /** The SQL name: the export name in lower case. */
  name: z.string(),
  /** The exported function's name in its module. */
  export: z.string(),
  /** Absolute path of the module when compiled; the bundler reads it from here. */
  module: z.string(),
  /** sha256 (hex) of the module's source; the bundle registers its modules under this hash. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** An aggregate takes the window's (or group's) values as one array. */
  kind: z.enum(['scalar', 'aggregate']),
  params: z.array(z.object({ name: z.string(), type: udfValueType })),
  returns: udfValueType,
  /** Set for an async scalar UDF (returns a Promise): how its calls are run. */
  async: udfAsyncOptions.nullable(),
});
export type UdfSpec = z.infer<typeof udfSpec>;

/** The SQL-facing name part of a UDF id (`discount@…` → `discount`). */
export const udfExportOf = (id: string): string => id.slice(0, id.lastIndexOf('@'));

/** Ids of the UDFs called anywhere inside a spec value (expressions, operators, stages). */
export function udfIdsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const v of value) udfIdsIn(v, out);
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (o.kind === 'udf' && typeof o.udf === 'string') out.add(o.udf);
    if (o.fn === 'udaf' && typeof o.udf === 'string') out.add(o.udf);
    for (const v of Object.values(o)) udfIdsIn(v, out);
  }
  return out;
}

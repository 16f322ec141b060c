import { z } from 'zod';

/**
 * Types a column or expression can have. Timestamps are epoch milliseconds at run time. `T[]` is an
 * array of T (a JSON array at run time; see array-types.ts).
 */
export const scalarType = z.enum([
  'string',
  'int',
  'float',
  'bool',
  'timestamp',
  'null',
  'string[]',
  'int[]',
  'float[]',
  'bool[]',
  'timestamp[]',
]);
export type ScalarType = z.infer<typeof scalarType>;

export const field = z.object({
  name: z.string().min(1),
  type: scalarType,
  nullable: z.boolean(),
  /**
   * A source column of an unsigned integer type (`BIGINT UNSIGNED` …, Arroyo's UInt8 … UInt64): its
   * bits. The source decoder refuses values outside 0 … 2^bits − 1 (as Arroyo's JSON decoder does).
   */
  unsigned: z.union([z.literal(8), z.literal(16), z.literal(32), z.literal(64)]).optional(),
  /** A source column of type JSON: any JSON value, kept as its JSON text (functions/runtime/virtual-columns.ts). */
  json: z.literal(true).optional(),
});
export type Field = z.infer<typeof field>;

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
});
export type Field = z.infer<typeof field>;

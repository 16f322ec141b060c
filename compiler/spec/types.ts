import { z } from 'zod';

/** Scalar types a column or expression can have. Timestamps are epoch milliseconds at run time. */
export const scalarType = z.enum(['string', 'int', 'float', 'bool', 'timestamp', 'null']);
export type ScalarType = z.infer<typeof scalarType>;

export const field = z.object({
  name: z.string().min(1),
  type: scalarType,
  nullable: z.boolean(),
});
export type Field = z.infer<typeof field>;

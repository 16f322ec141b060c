import { z } from 'zod';

/** Request bodies of the console API, validated at the boundary. */
export const validateBody = z.object({ sql: z.string().max(200_000) });

export const createBody = z.object({
  sql: z.string().max(200_000),
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/, 'lowercase letters, digits and -, starting with a letter')
    .optional(),
  parallelism: z.number().int().min(1).max(64).default(1),
});

export const previewBody = z.object({ sql: z.string().max(200_000) });

export const rescaleBody = z.object({
  target: z.number().int().min(1).max(10_000),
  /** Only plan (steps, allowance); change nothing. */
  dryRun: z.boolean().default(false),
});

export const sinceQuery = z.object({ since: z.coerce.number().nonnegative().default(0) });

export type CreateBody = z.infer<typeof createBody>;
export type RescaleBody = z.infer<typeof rescaleBody>;

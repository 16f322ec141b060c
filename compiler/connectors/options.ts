import { z } from 'zod';
import type { OptionSchema } from './declaration.ts';

/** A `WITH (…)` option's value as SQL writes it: a quoted string, or a bare number or boolean. */
export const optionValue = z.union([z.string(), z.number(), z.boolean()]);

/** The options every connector takes. */
export const commonOptions = {
  connector: z.string().describe('the connector module'),
  type: z.enum(['source', 'sink']).describe('source or sink'),
  format: z
    .enum(['json', 'debezium_json'])
    .default('json')
    .describe('json, or debezium_json for a changelog'),
};

/** The options every source with a declared schema takes (the generic event-time and bad-data rules). */
export const sourceOptions = {
  event_time_field: z.string().optional().describe('the TIMESTAMP column that carries event time'),
  bad_data: z
    .enum(['fail', 'drop'])
    .default('fail')
    .describe('fail, or drop bad records to the dead-letter store'),
  idle_micros: optionValue.optional().describe('microseconds without records before a shard is idle'),
  max_future: z
    .string()
    .optional()
    .describe("how far event time may run ahead of arrival (default '1 hour')"),
};

/** One problem with a table's options, named by the option. */
export interface OptionIssue {
  readonly option: string;
  readonly problem: 'unknown' | 'missing' | 'invalid';
  readonly message: string;
}

/**
 * Checks raw options (`name → value`) against a module's option schema: one issue per unknown
 * option, missing required one or invalid value, each naming the option.
 */
export function optionIssues(schema: OptionSchema, raw: Readonly<Record<string, unknown>>): OptionIssue[] {
  const parsed = schema.strict().safeParse(raw);
  if (parsed.success) return [];
  const issues: OptionIssue[] = [];
  for (const i of parsed.error.issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) issues.push({ option: k, problem: 'unknown', message: `unknown option ${k}` });
      continue;
    }
    const option = String(i.path[0] ?? '');
    if (raw[option] === undefined)
      issues.push({ option, problem: 'missing', message: `missing the option ${option}` });
    else issues.push({ option, problem: 'invalid', message: `invalid ${option}: ${i.message}` });
  }
  // Unknown ones first: a misspelt option is the likelier cause of a missing one.
  const rank = { unknown: 0, missing: 1, invalid: 2 } as const;
  return issues.sort((a, b) => rank[a.problem] - rank[b.problem]);
}

/** The option names a schema takes, in declaration order. */
export const optionNames = (schema: OptionSchema): string[] => Object.keys(schema.shape);

/** An option's default, if it has one. */
export function optionDefault(schema: OptionSchema, key: string): string | undefined {
  const field = schema.shape[key];
  if (!(field instanceof z.ZodDefault)) return undefined;
  const v: unknown = field.def.defaultValue;
  return typeof v === 'string' ? v : undefined;
}

/** An enum option's allowed values, or undefined for a free-form one. */
export function optionValues(schema: OptionSchema, key: string): readonly string[] | undefined {
  let field: unknown = schema.shape[key];
  while (field instanceof z.ZodDefault || field instanceof z.ZodOptional) field = field.unwrap();
  return field instanceof z.ZodEnum ? (field.options as string[]) : undefined;
}

/** A JSON-schema description of a module's options, for a form (the console's connector form). */
export const optionsJsonSchema = (schema: OptionSchema): unknown => z.toJSONSchema(schema, { io: 'input' });

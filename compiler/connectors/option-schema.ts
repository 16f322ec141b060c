import { z } from 'zod';

/**
 * Reads raw options with a fields schema and cross-field rules into a typed value: one issue per
 * problem, `path[0]` the option's name (an unknown option gets its own issue, not zod's one
 * `unrecognized_keys` issue for them all).
 */
export function optionsSchema<F extends z.ZodType<Record<string, unknown>>, T>(
  fields: F,
  rules: (
    o: z.infer<F>,
    raw: Readonly<Record<string, string>>,
    issue: (path: string, message: string) => void,
  ) => void,
  build: (o: z.infer<F>) => T,
) {
  return z.record(z.string(), z.string()).transform((raw, ctx): T => {
    let failed = false;
    const issue = (path: string, message: string) => {
      failed = true;
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    const parsed = fields.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        if (i.code === 'unrecognized_keys') for (const k of i.keys) issue(k, `unknown option ${k}`);
        else issue(String(i.path[0] ?? ''), i.message);
      }
      return z.NEVER;
    }
    rules(parsed.data, raw, issue);
    return failed ? z.NEVER : build(parsed.data);
  });
}

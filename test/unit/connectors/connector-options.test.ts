import { describe, expect, it } from 'vitest';
import { compile, SqlError } from '../../../compiler/index.ts';
import {
  CONNECTORS,
  optionDefault,
  optionIssues,
  optionNames,
  optionsJsonSchema,
} from '../../../compiler/spec/index.ts';

const roles = (c: (typeof CONNECTORS)[number]) =>
  (['source', 'sink'] as const).flatMap((r) => (c[r] ? [[r, c[r].options] as const] : []));

/** A minimal valid option set: every required option with a plausible value. */
function required(schema: Parameters<typeof optionNames>[0]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of optionNames(schema)) {
    const field = schema.shape[key];
    if (field === undefined || field.safeParse(undefined).success) continue;
    out[key] = key === 'type' ? 'source' : key === 'path' ? 's3://b/p/' : '1';
  }
  return out;
}

describe('connector option schemas', () => {
  for (const c of CONNECTORS.filter((m) => m.sql))
    for (const [role, schema] of roles(c)) {
      const base: Record<string, string> = {
        ...required(schema),
        ...(schema.shape.type ? { type: role } : {}),
      };

      it(`${c.name} ${role}: a minimal option set passes`, () => {
        expect(optionIssues(schema, base)).toEqual([]);
      });

      it(`${c.name} ${role}: an unknown option is named`, () => {
        const issues = optionIssues(schema, { ...base, no_such_option: 'x' });
        expect(issues).toEqual([
          { option: 'no_such_option', problem: 'unknown', message: 'unknown option no_such_option' },
        ]);
      });

      for (const key of Object.keys(base).filter((k) => k !== 'type'))
        it(`${c.name} ${role}: the missing option ${key} is named`, () => {
          const { [key]: _, ...rest } = base;
          const issues = optionIssues(schema, rest);
          expect(issues[0]).toMatchObject({ option: key, problem: 'missing' });
          expect(issues[0]?.message).toContain(key);
        });

      it(`${c.name} ${role}: a form can be drawn from its JSON schema`, () => {
        const json = optionsJsonSchema(schema) as { properties: Record<string, unknown> };
        expect(Object.keys(json.properties)).toEqual(optionNames(schema));
      });
    }

  it('defaults are Arroyo’s', () => {
    const kinesis = CONNECTORS.find((c) => c.name === 'kinesis');
    expect(kinesis?.source && optionDefault(kinesis.source.options, 'source.offset')).toBe('latest');
    expect(kinesis?.source && optionDefault(kinesis.source.options, 'format')).toBe('json');
  });

  it('the compiler names the option at its line:column', () => {
    const sql =
      "CREATE TABLE t (a BIGINT)\nWITH (connector = 'kinesis', type = 'source',\n  stream_nme = 'x');\nSELECT a FROM t;";
    try {
      compile(sql, { name: 'p' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SqlError);
      const d = (err as SqlError).diagnostics[0];
      expect(d?.message).toBe('unknown option stream_nme for a kinesis source');
      expect(`${d?.line}:${d?.column}`).toBe('3:3');
    }
  });
});

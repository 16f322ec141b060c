import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, explainSpec, readUdfModule, SqlError } from '../../../compiler/index.ts';

/**
 * Runs every `test/compiler/*.sql`. Header comments state the expectation:
 * `-- fail: <message substring>` (+ optional `-- at: line:col`, `-- expect-hint: <substring>`), or
 * `-- stages: N` and `-- expect: <explainSpec substring>` for accepted plans. `-- udf: <module.ts>`
 * (relative to test/compiler) makes a TypeScript UDF module's functions callable.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../compiler');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();

function headers(sql: string, key: string): string[] {
  const prefix = `-- ${key}:`;
  return sql
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length).trim());
}

describe('SQL cases', () => {
  it('has cases', () => expect(files.length).toBeGreaterThanOrEqual(30));
  for (const file of files) {
    it(file, () => {
      const sql = readFileSync(join(dir, file), 'utf8');
      const name = file
        .replace(/\.sql$/, '')
        .replace(/[^a-z0-9-]/g, '-')
        .slice(0, 41);
      const udfs = headers(sql, 'udf').flatMap((m) =>
        readUdfModule(join(dir, m), readFileSync(join(dir, m), 'utf8'), m),
      );
      const run = () => compile(sql, { file, baseDir: dir, name, udfs });
      const [fail] = headers(sql, 'fail');
      if (fail !== undefined) {
        let err: unknown;
        try {
          run();
        } catch (e) {
          err = e;
        }
        expect(err, `${file} should fail`).toBeInstanceOf(SqlError);
        const e = err as SqlError;
        const d = e.diagnostics[0];
        expect(d?.message).toContain(fail);
        const [at] = headers(sql, 'at');
        if (at !== undefined) expect(`${d?.line}:${d?.column}`).toBe(at);
        for (const h of headers(sql, 'expect-hint')) expect(d?.hint ?? '').toContain(h);
        expect(e.format()).toContain(`${file}:${d?.line}:${d?.column}: error: `);
        return;
      }
      const spec = run();
      const text = explainSpec(spec);
      const [stages] = headers(sql, 'stages');
      if (stages !== undefined) expect(spec.stages.length, text).toBe(Number(stages));
      for (const x of headers(sql, 'expect')) expect(text).toContain(x);
    });
  }
});

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSluice } from '../support/run-sluice.ts';

/** TypeScript UDFs through the CLI: discovery, --udf, diagnostics and exit codes, the bundle. */
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-udf-cli-'));
  await mkdir(join(dir, 'udfs'));
  await writeFile(
    join(dir, 'udfs/bad.ts'),
    '// a parameter type sluice cannot map\nexport function score(p: { a: number }): number {\n  return p.a;\n}\n',
  );
  await writeFile(
    join(dir, 'q.sql'),
    `CREATE TABLE t (a DOUBLE) WITH (connector = 'single_file', path = 't.jsonl', format = 'json', type = 'source');
SELECT score(a) AS s FROM t;\n`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sluice CLI with TypeScript UDFs', () => {
  it('sluice run --help lists --udf', async () => {
    const r = await runSluice(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--udf FILE.ts');
  });

  it('finds the udfs/ folder next to the SQL file and lists the UDFs it calls', async () => {
    const r = await runSluice(['compile', 'examples/udf/tiers.sql']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('iqr(amounts float[]) → float (aggregate)');
    expect(r.stdout).toContain('tier(customer string) → string (async, concurrency 4, timeout 2000 ms)');
  });

  it('without its --udf module a call is an unknown function (exit 2)', async () => {
    const r = await runSluice(['compile', 'test/queries/udf_scalar.sql']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('udf_scalar.sql:16:7: error: unknown function is_even()');
    expect(r.stderr).toContain('--udf FILE.ts');
  });

  it('a missing --udf module or one that is not TypeScript is a usage error (exit 2)', async () => {
    const missing = await runSluice(['compile', 'examples/orders.sql', '--udf', 'nope/x.ts']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read UDF module '");
    const js = await runSluice(['compile', 'examples/orders.sql', '--udf', 'x.js']);
    expect(js.code).toBe(2);
    expect(js.stderr).toContain("--udf takes a TypeScript module (FILE.ts), got 'x.js'");
  });

  it('an unsupported signature: exit 2 with file:line:column, the source line, a caret and a hint', async () => {
    const r = await runSluice(['compile', join(dir, 'q.sql')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /udfs\/bad\.ts:2:26: error: score\(\) parameter p: the type \{ a: number \} is not supported/,
    );
    expect(r.stderr).toContain('2 | export function score(p: { a: number }): number {');
    expect(r.stderr).toContain('hint: a UDF takes and returns SQL values, not objects');
  });

  it('synth bundles the UDF modules into the stage functions and records them in spec.json', async () => {
    const out = join(dir, 'cdk.out');
    const r = await runSluice([
      'synth',
      'examples/udf/tiers.sql',
      '--target',
      'local',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const asset = (await readdir(out)).find((f) => f.startsWith('asset.'));
    expect(asset).toBeDefined();
    const bundle = await readFile(join(out, asset!, 'index.mjs'), 'utf8');
    expect(bundle).toContain('registerUdfModule(');
    expect(bundle).toContain('function iqr(amounts)');
    const spec = JSON.parse(await readFile(join(out, asset!, 'spec.json'), 'utf8')) as {
      udfs: { name: string; hash: string }[];
    };
    expect(spec.udfs.map((u) => u.name)).toEqual(['discounted', 'iqr', 'sizeclass', 'tier']);
    for (const u of spec.udfs) expect(bundle).toContain(`registerUdfModule("${u.hash}"`);
  });
});

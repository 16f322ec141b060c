import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeRows, type Row } from '../support/normalize.ts';
import { runOracle } from '../support/oracle.ts';
import { repoRoot } from '../support/run-sluice.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const queriesDir = join(repoRoot, 'test/queries');

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command in `cwd` as a user's shell would; resolves with its exit code and output. */
function sh(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

interface Template {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const resourcesOf = (t: Template, type: string) =>
  Object.values(t.Resources)
    .filter((r) => r.Type === type)
    .map((r) => r.Properties ?? {});

/** The user's CDK app, in plain JavaScript: one stack, one pipeline given as SQL text. */
const APP_JS = `import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Pipeline } from 'sluice';

const app = new App();
const stack = new Stack(app, 'Shop');
new Pipeline(stack, 'Orders', { sql: readFileSync('clicks.sql', 'utf8') });
app.synth();
`;

/** The same in TypeScript, also using the compiler's door; the expect-error line fails tsc if the props were untyped. */
const APP_TS = `import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Pipeline, type PipelineProps } from 'sluice';
import { compile, type PipelineSpec } from 'sluice/compiler';

const sql = readFileSync('clicks.sql', 'utf8');
const spec: PipelineSpec = compile(sql, { name: 'clicks' });
const stages: number = spec.stages.length;
const app = new App();
const stack = new Stack(app, 'Shop');
const pipeline = new Pipeline(stack, 'Clicks', { sql, parallelism: 2 });
const name: string = pipeline.settings.spec.name;
export function untyped(): PipelineProps {
  // @ts-expect-error sql is a string
  return { sql: 42 };
}
process.stdout.write(\`\${JSON.stringify({ stages, name })}\\n\`);
app.synth();
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  },
  include: ['app.ts'],
};

describe('the packed package, installed into an empty folder', () => {
  let work = '';
  let app = '';
  const cdkEnv = (): NodeJS.ProcessEnv => ({
    CDK_DISABLE_CLI_TELEMETRY: '1',
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_HOME: join(work, 'cdk-home'),
  });

  beforeAll(async () => {
    work = scratchDir('sluice-package-');
    const packed = await sh('npm', ['pack', '--pack-destination', work], repoRoot);
    expect(packed.code, packed.stderr).toBe(0);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (tgz === undefined) throw new Error(`npm pack left no tarball in ${work}`);
    app = join(work, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
    const installed = await sh(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tgz)],
      app,
    );
    expect(installed.code, installed.stderr).toBe(0);
    await cp(join(repoRoot, 'examples/kinesis-tumble.sql'), join(app, 'clicks.sql'));
  });

  it('holds only what runs: bin/ and dist/ (JavaScript, declarations, run-time files), no tests or sources', () => {
    const pkg = join(app, 'node_modules', 'sluice');
    expect(readdirSync(pkg).sort()).toEqual(['README.md', 'bin', 'dist', 'package.json']);
    const files = filesUnder(join(pkg, 'dist'));
    expect(files).toContain('infra/index.js');
    expect(files).toContain('infra/index.d.ts');
    expect(files).toContain('compiler/index.js');
    expect(files).toContain('functions/handler.js');
    expect(files.filter((f) => /\.test\.|^test\//.test(f))).toEqual([]);
    // TypeScript only as declarations, and the console UI's sources (esbuild bundles them at start)
    expect(
      files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('console/ui/')),
    ).toEqual([]);
    const declarations = files.filter((f) => f.endsWith('.d.ts'));
    const tsImports = declarations.filter((f) =>
      /from '\.{1,2}\/[^']*\.ts'/.test(readFileSync(join(pkg, 'dist', f), 'utf8')),
    );
    expect(tsImports).toEqual([]);
  });

  it('npx sluice run writes the rows DuckDB computes from the same input', async () => {
    const dir = join(app, 'q');
    await mkdir(join(dir, 'inputs'), { recursive: true });
    await cp(join(queriesDir, 'filter_project.sql'), join(dir, 'filter_project.sql'));
    await cp(join(queriesDir, 'inputs/orders.jsonl'), join(dir, 'inputs/orders.jsonl'));
    const r = await sh(
      'npx',
      ['--no', 'sluice', 'run', 'q/filter_project.sql', '--port', '0', '--json'],
      app,
    );
    expect(r.code, r.stderr).toBe(0);
    const oracle = normalizeRows(await runOracle(join(queriesDir, 'filter_project.oracle.sql'), queriesDir));
    expect(oracle.length).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      ingested: 12_000,
      deadLettered: 0,
      sinks: [{ table: 'filter_project', rows: oracle.length }],
    });
    const lines = (await readFile(join(dir, 'out/filter_project.jsonl'), 'utf8')).split('\n');
    const rows = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Row);
    expect(normalizeRows(rows)).toEqual(oracle);
  });

  it("cdk synth of a plain-JS app with new Pipeline(this, 'Orders', { sql }) writes the stage functions, stream and table", async () => {
    await writeFile(join(app, 'app.mjs'), APP_JS);
    await writeFile(join(app, 'cdk.json'), '{ "app": "node app.mjs" }\n');
    const r = await sh('npx', ['--no', 'cdk', 'synth', '--no-notices', '-q'], app, cdkEnv());
    expect(r.code, r.stderr).toBe(0);
    const template = JSON.parse(await readFile(join(app, 'cdk.out/Shop.template.json'), 'utf8')) as Template;
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(functions.map((f) => f.FunctionName).sort()).toEqual([
      'sluice-orders-clock',
      'sluice-orders-s1',
      'sluice-orders-s2',
    ]);
    expect(resourcesOf(template, 'AWS::Kinesis::Stream').map((s) => s.Name)).toEqual([
      'sluice-orders-edge-s2',
    ]);
    expect(resourcesOf(template, 'AWS::DynamoDB::Table').map((t) => t.TableName)).toEqual(['sluice-orders']);
    expect(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(2);
    // one asset for every function: the esbuild bundle of the stage handler and the spec
    const keys = new Set(functions.map((f) => (f.Code as { S3Key: string }).S3Key));
    expect(keys.size).toBe(1);
    const asset = join(app, 'cdk.out', `asset.${[...keys][0]?.replace(/\.zip$/, '')}`);
    expect(readdirSync(asset).sort()).toEqual(['index.mjs', 'spec.json']);
    expect((JSON.parse(await readFile(join(asset, 'spec.json'), 'utf8')) as { name: string }).name).toBe(
      'orders',
    );
    expect(await readFile(join(asset, 'index.mjs'), 'utf8')).toContain('export {');
  });

  it('sluice synth --console bundles the console function and its UI from the installed package', async () => {
    const out = join(work, 'console-out');
    const r = await sh('npx', ['--no', 'sluice', 'synth', 'clicks.sql', '--console', '--out', out], app);
    expect(r.code, r.stderr).toBe(0);
    const assets = readdirSync(out).filter((f) => f.startsWith('asset.'));
    const consoleAsset = assets.map((a) => join(out, a)).find((a) => existsSync(join(a, 'ui')));
    if (consoleAsset === undefined) throw new Error(`no console asset among ${assets.join(', ')}`);
    expect(readdirSync(join(consoleAsset, 'ui')).sort()).toEqual(['app.css', 'app.js', 'index.html']);
    expect(readdirSync(join(consoleAsset, 'wasm')).length).toBe(2);
    expect(readFileSync(join(consoleAsset, 'index.mjs'), 'utf8').length).toBeGreaterThan(10_000);
  });

  it('a TypeScript app type-checks against the declarations (tsc) and synthesizes under tsx', async () => {
    await writeFile(join(app, 'app.ts'), APP_TS);
    await writeFile(join(app, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    const tsc = await sh('npx', ['--no', '--', 'tsc', '-p', '.'], app);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    const out = join(work, 'tsx-out');
    const r = await sh('npx', ['--no', 'tsx', 'app.ts'], app, { CDK_OUTDIR: out });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ stages: 2, name: 'clicks' });
    const template = JSON.parse(await readFile(join(out, 'Shop.template.json'), 'utf8')) as Template;
    expect(resourcesOf(template, 'AWS::Kinesis::Stream').map((s) => s.ShardCount)).toEqual([2]);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});

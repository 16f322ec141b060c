import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cdkBin, cdkEnv } from '../../../infra/cdk-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'sluice-cdk-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
/** Runs `sluice synth ARGS` the way cli/main.ts will (the lead wires the dispatch). */
const synthRunner = join(work, 'synth-runner.mts');
writeFileSync(
  synthRunner,
  `import { synthCommand } from ${JSON.stringify(join(process.cwd(), 'cli/commands/synth.ts'))};
try { process.exitCode = await synthCommand(process.argv.slice(2)); }
catch (e) { process.stderr.write(e.message + ' [' + e.code + ']\\n'); process.exitCode = 2; }
`,
);

describe('the pinned CDK CLI and the sluice commands', () => {
  it("'cdk synth -c sql=FILE.sql' works through cdk.json, with no network flags", () => {
    const out = join(work, 'cdk.out');
    const res = spawnSync(
      process.execPath,
      [
        cdkBin(),
        'synth',
        '--no-notices',
        '-q',
        '-c',
        'sql=examples/kinesis-tumble.sql',
        '-c',
        'parallelism=2',
        '-o',
        out,
      ],
      { env: cdkEnv({ ...process.env, CDK_HOME: join(work, 'cdk-home') }), encoding: 'utf8' },
    );
    expect(res.status, res.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(out, 'sluice-kinesis-tumble.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: { ShardCount?: number } }>;
    };
    const streams = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Kinesis::Stream');
    expect(streams.map((s) => s.Properties?.ShardCount)).toEqual([2]);
  });

  it("'cdk synth' without -c sql fails and says how to pass it", () => {
    const res = spawnSync(
      process.execPath,
      [cdkBin(), 'synth', '--no-notices', '-q', '-o', join(work, 'x')],
      {
        env: cdkEnv({ ...process.env, CDK_HOME: join(work, 'cdk-home') }),
        encoding: 'utf8',
      },
    );
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain('-c sql=FILE.sql');
  });

  it('sluice synth writes the assembly and prints JSON; single_file is refused with its code', () => {
    const out = join(work, 'synth-out');
    const run = (args: string[]) =>
      spawnSync(tsx, [synthRunner, ...args], {
        encoding: 'utf8',
        env: { ...process.env, CDK_VALIDATION: 'false' },
      });
    const ok = run(['examples/kinesis-tumble.sql', '--out', out, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    const json = JSON.parse(ok.stdout) as {
      stack: string;
      assemblyDir: string;
      resources: { type: string }[];
    };
    expect(json.stack).toBe('sluice-kinesis-tumble');
    expect(existsSync(join(json.assemblyDir, 'manifest.json'))).toBe(true);
    expect(json.resources.filter((r) => r.type === 'AWS::Lambda::Function')).toHaveLength(3);
    const refused = run(['examples/orders.sql', '--out', join(work, 'no')]);
    expect(refused.stderr).toContain('[CLOUD_CONNECTOR_UNSUPPORTED]');
  });
});

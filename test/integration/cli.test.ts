import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runSluice } from '../support/run-sluice.ts';

const fixtures = 'test/fixtures/cli';

describe('sluice CLI: help, exit codes and bad input', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await runSluice(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['sluice run', 'sluice compile', 'sluice synth', 'sluice deploy', 'sluice destroy']) {
      expect(r.stdout).toContain(cmd);
    }
  });

  it('an unknown command is a user error (exit 2) that points at --help', async () => {
    const r = await runSluice(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).toContain('--help');
  });

  it('bad SQL: exit 2 with file:line:column, the problem and a hint', async () => {
    const r = await runSluice(['compile', `${fixtures}/bad-column.sql`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-column.sql:3:18: error: unknown column amout');
    expect(r.stderr).toContain('did you mean `amount`');
  });

  it('a missing SQL file names the path (exit 2)', async () => {
    const r = await runSluice(['run', `${fixtures}/nope.sql`, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.sql');
  });

  it('a missing input file names the path and how to fix it (exit 2), before starting anything', async () => {
    const r = await runSluice(['run', `${fixtures}/missing-input.sql`, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-file.jsonl');
    expect(r.stderr).toContain("'path' option");
  });

  it("bad_data = 'fail': the run stops with an error naming the file and line (exit 2)", async () => {
    const r = await runSluice(['run', `${fixtures}/fail-on-bad-data.sql`, '--port', '0', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/orders-bad\.jsonl:3/);
    expect(r.stderr).toContain("bad_data = 'drop'");
  });

  it("bad_data = 'drop': bad lines are dead-lettered with reason and position; the rest is exact", async () => {
    const r = await runSluice(['run', `${fixtures}/drop-bad-data.sql`, '--port', '0', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      deadLettered: number;
      deadLetters: { position: string; reason: string }[];
    };
    expect(summary.deadLettered).toBe(2);
    const positions = summary.deadLetters.map((d) => d.position).sort();
    expect(positions[0]).toMatch(/orders-bad\.jsonl:3$/);
    expect(positions[1]).toMatch(/orders-bad\.jsonl:5$/);
    expect(summary.deadLetters.map((d) => d.reason).join(' ')).toContain('order_id');
    const out = (await readFile(join(repoRoot, fixtures, 'out/drop.jsonl'), 'utf8')).trim().split('\n');
    const ids = out.map((l) => (JSON.parse(l) as { order_id: number }).order_id).sort();
    expect(ids).toEqual([1, 2, 4, 6]);
  });
});

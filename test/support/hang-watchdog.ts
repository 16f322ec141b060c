import { execFileSync } from 'node:child_process';
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * A vitest reporter that turns a hung test file into a failure that names it. Each test has its own
 * timeout, but a timeout is a timer in the worker: a worker whose event loop never turns (a
 * synchronous loop, a promise chain that never yields, a blocking call) fires none, and vitest then
 * waits for that file forever. This watchdog runs in vitest's main process. When one file has run
 * longer than SLUICE_TEST_FILE_LIMIT_S (default 600 s), it prints the file and the last test vitest
 * heard of, kills the workers and exits non-zero. (A blocked worker cannot be asked for its stack:
 * Node's report-on-signal writes nothing here; run the named file alone to find the loop.)
 */

const LIMIT_MS = Number(process.env.SLUICE_TEST_FILE_LIMIT_S ?? 600) * 1000;

export default class HangWatchdog implements Reporter {
  #running = new Map<string, { since: number; test: string }>();
  #timer: NodeJS.Timeout | undefined;

  onInit(): void {
    this.#timer = setInterval(() => this.#check(), 5_000);
    this.#timer.unref();
  }

  onTestModuleQueued(m: TestModule): void {
    this.#running.set(m.moduleId, { since: Date.now(), test: '(collecting)' });
  }

  onTestCaseReady(t: TestCase): void {
    const r = this.#running.get(t.module.moduleId);
    if (r) r.test = t.fullName;
  }

  onTestModuleEnd(m: TestModule): void {
    this.#running.delete(m.moduleId);
  }

  onTestRunEnd(): void {
    clearInterval(this.#timer);
  }

  #check(): void {
    const now = Date.now();
    for (const [file, r] of this.#running) {
      if (now - r.since < LIMIT_MS) continue;
      clearInterval(this.#timer);
      const secs = Math.round((now - r.since) / 1000);
      const out = [
        '',
        `HUNG TEST FILE: ${file} has run for ${secs} s (limit SLUICE_TEST_FILE_LIMIT_S=${LIMIT_MS / 1000}).`,
        `  last test started: ${r.test}`,
        '  Its own timeouts did not fire, so its worker is blocked (a loop that never yields, or a',
        '  blocking call). Run that file alone to find where.',
        ...killWorkers(),
      ];
      process.stderr.write(`${out.join('\n')}\n`);
      process.exit(1);
    }
  }
}

/** Ends vitest's workers (its direct node children) so that none outlives the run; lists them. */
function killWorkers(): string[] {
  let rows: string[] = [];
  try {
    rows = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.endsWith('node'));
  } catch {
    return ['  (could not list the workers)'];
  }
  for (const row of rows) {
    try {
      process.kill(Number(row.split(/\s+/)[0]), 'SIGKILL');
    } catch {
      // gone
    }
  }
  return [`  killed the workers: ${rows.map((r) => r.split(/\s+/)[0]).join(', ') || 'none'}`];
}

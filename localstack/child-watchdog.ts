import { type ChildProcess, spawn } from 'node:child_process';
import { onParentExit } from './cleanup.ts';

/**
 * A native peer (kcat, mosquitto) started so that it cannot outlive this process. `sh` starts the
 * program in the background and a reader of this process's pipe (fd 3, a dup of stdin: a
 * background job's stdin is /dev/null). When this process closes the pipe, by stop() or by dying
 * in any way (SIGKILL included, which no exit hook sees), the read returns and the program is
 * killed; when the program ends by itself, the shell exits with its status. The program's pid is
 * the first stderr line, `watched-pid=N`; its stderr follows.
 */
const WATCHDOG =
  'exec 3<&0; "$@" </dev/null & c=$!; echo "watched-pid=$c" >&2; ' +
  '(read _ <&3; kill $c 2>/dev/null) & w=$!; wait $c; s=$?; kill $w 2>/dev/null; exit $s';

const PID_RE = /^watched-pid=(\d+)$/m;

export interface WatchedChild {
  readonly child: ChildProcess;
  /** The program's pid (not the shell's). */
  readonly pid: Promise<number>;
  /** Resolves when the shell (and so the program) has exited. */
  readonly exited: Promise<void>;
  /** Each stderr line of the program, as it comes. */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

export function spawnWatched(program: string, args: readonly string[]): WatchedChild {
  const child = spawn('sh', ['-c', WATCHDOG, 'sh', program, ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  const unregister = onParentExit(() => {
    child.stdin?.destroy();
    child.kill('SIGKILL');
  });
  child.once('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listeners: ((line: string) => void)[] = [];
  let known: number | undefined;
  let resolvePid: (pid: number) => void = () => undefined;
  const pid = new Promise<number>((resolve, reject) => {
    resolvePid = (p) => {
      known = p;
      resolve(p);
    };
    void exited.then(() => reject(new Error(`${program} exited before it started`)));
  });
  pid.catch(() => undefined);
  let rest = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    rest += chunk.toString('utf8');
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const m = PID_RE.exec(line);
      if (m) resolvePid(Number(m[1]));
      else for (const l of listeners) l(line);
    }
  });
  const stop = async () => {
    unregister();
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    // belt and braces: the shell is gone; should the program have outlived it, end it too
    if (known !== undefined && processAlive(known)) {
      try {
        process.kill(known, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  };
  return { child, pid, exited, onLine: (l) => listeners.push(l), stop };
}

/** Whether a process with this pid exists (a zombie counts as gone for `kill -0` only once reaped). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

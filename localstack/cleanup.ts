/**
 * Process-exit cleanup. Everything the local stack starts registers a synchronous killer here, so
 * that the java process and worker processes die with the parent. On exit they always run. On
 * SIGINT/SIGTERM/SIGHUP they run and the signal is re-raised (the default exit) only when nobody
 * else listens for it: a parent with its own handler (say, the CLI draining on Ctrl-C) keeps
 * control, calls stop(), and the exit hook remains the backstop.
 */
type Killer = () => void;

const killers = new Set<Killer>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function runAll(): void {
  for (const kill of [...killers]) {
    try {
      kill();
    } catch {
      // best effort: the process is going away
    }
  }
  killers.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // someone else handles it
  runAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', runAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/** Registers `kill` to run on parent exit; returns a function that unregisters it. */
export function onParentExit(kill: Killer): () => void {
  killers.add(kill);
  install();
  return () => {
    killers.delete(kill);
    if (killers.size === 0) uninstall();
  };
}

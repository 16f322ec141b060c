/**
 * Process-exit cleanup. Everything the local stack starts registers a synchronous killer here, so
 * that the java process and worker processes die with the parent (exit, SIGINT, SIGTERM, SIGHUP).
 * A signal is re-raised after cleanup when nobody else listens for it, keeping the default exit.
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
  runAll();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
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

import { readFileSync } from 'node:fs';
import { errorCode, exitCodeFor } from './errors.ts';
import { commandHelp, HELP } from './help.ts';

/** Entry point of the `sluice` command; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return 0;
      case '--version':
      case '-v':
        process.stdout.write(`${version()}\n`);
        return 0;
      case 'run':
        return await (await import('./commands/run.ts')).runCommand(rest);
      case 'compile':
        return await (await import('./commands/compile.ts')).compileCommand(rest);
      case 'synth':
        return await (await import('./commands/synth.ts')).synthCommand(rest);
      case 'deploy':
        return await (await import('./commands/deploy.ts')).deployCommand(rest);
      case 'destroy':
        return await (await import('./commands/destroy.ts')).destroyCommand(rest);
      case 'dev':
        return await (await import('./commands/dev.ts')).devCommand(rest);
      case 'console':
        return await (await import('./commands/console.ts')).consoleCommand(rest);
      case 'status':
        return await (await import('./commands/status.ts')).statusCommand(rest);
      case 'rescale':
        return await (await import('./commands/rescale.ts')).rescaleCommand(rest);
      case 'dlq':
        return await (await import('./commands/dlq.ts')).dlqCommand(rest);
      default: {
        // the control plane loads only for a command that needs it (--help, --version stay fast)
        const { UsageError } = await import('../ops/index.ts');
        throw new UsageError(
          `unknown command '${command}'. Commands: run, compile, synth, deploy, destroy, dev, console, status, rescale, dlq. See 'sluice --help'.`,
        );
      }
    }
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    return exitCodeFor(err);
  }
}

function formatError(err: unknown): string {
  if (err instanceof Error) {
    const formatted = 'format' in err && typeof err.format === 'function' ? String(err.format()) : undefined;
    const code = errorCode(err);
    const body = formatted ?? `error: ${err.message}`;
    if (process.env.SLUICE_DEBUG && err.stack) return `${body}\n${err.stack}`;
    return code && !formatted ? `${body} [${code}]` : body;
  }
  return `error: ${String(err)}`;
}

function version(): string {
  // cli/main.ts in a checkout, dist/cli/main.js in the installed package.
  const path = import.meta.url.endsWith('.ts') ? '../package.json' : '../../package.json';
  const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

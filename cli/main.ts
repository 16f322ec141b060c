import { readFileSync } from 'node:fs';
import { errorCode, exitCodeFor } from './errors.ts';
import { commandHelp, HELP } from './help.ts';

type Command = (args: readonly string[]) => Promise<number>;

/** Each command's module, loaded only when that command runs. */
const COMMANDS = {
  run: async () => (await import('./commands/run.ts')).runCommand,
  compile: async () => (await import('./commands/compile.ts')).compileCommand,
  synth: async () => (await import('./commands/synth.ts')).synthCommand,
  deploy: async () => (await import('./commands/deploy.ts')).deployCommand,
  destroy: async () => (await import('./commands/destroy.ts')).destroyCommand,
  dev: async () => (await import('./commands/dev.ts')).devCommand,
  console: async () => (await import('./commands/console.ts')).consoleCommand,
  status: async () => (await import('./commands/status.ts')).statusCommand,
  rescale: async () => (await import('./commands/rescale.ts')).rescaleCommand,
  dlq: async () => (await import('./commands/dlq.ts')).dlqCommand,
} satisfies Record<string, () => Promise<Command>>;
type CommandName = keyof typeof COMMANDS;

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
      default: {
        const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command as CommandName] : undefined;
        if (load) return await (await load())(rest);
        // the control plane loads only for a command that needs it (--help, --version stay fast)
        const { UsageError } = await import('../ops/index.ts');
        throw new UsageError(
          `unknown command '${command}'. Commands: ${Object.keys(COMMANDS).join(', ')}. See 'sluice --help'.`,
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

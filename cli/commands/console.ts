import { parseServeArgs, serve } from './dev.ts';

/** `sluice console`: local stack + the console; pipelines are created from its SQL editor. */
export async function consoleCommand(argv: readonly string[]): Promise<number> {
  return serve(parseServeArgs('console', argv, false));
}

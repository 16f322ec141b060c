import { relative } from 'node:path';
import { resourceNames, sinkTableOf } from '../../compiler/spec/index.ts';
import { assembleFileSink, localSinkFile } from '../../functions/index.ts';
import type { PipelineSession } from './pipeline-session.ts';

const POLL_MS = 1_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * `sluice run --keep-running`: after the summary, keep the local stack (and the pipeline) up until
 * Ctrl-C, so `sluice dlq list|replay --endpoint` have a stack to talk to. Whenever committed
 * progress moves (a replay was processed, say), file sinks are assembled again.
 */
export async function keepRunning(
  session: PipelineSession,
  file: string,
  endpoint: string,
  signal: AbortSignal,
): Promise<void> {
  process.stderr.write(
    `\nthe local stack keeps running at ${endpoint}; Ctrl-C stops it. Try:\n` +
      `  sluice dlq list ${file} --endpoint ${endpoint}\n` +
      `  sluice dlq replay ${file} --endpoint ${endpoint}\n`,
  );
  const { spec } = session;
  let last: string | undefined;
  while (!signal.aborted) {
    await sleep(POLL_MS, signal);
    if (signal.aborted) break;
    try {
      const progress = await session.monitor.poll();
      const key = JSON.stringify(progress.stages);
      if (last !== undefined && key !== last) {
        for (const stage of spec.stages) {
          const file = stage.output.kind === 'sink' ? localSinkFile(stage.output.sink) : undefined;
          if (stage.output.kind !== 'sink' || file === undefined) continue;
          const rows = await assembleFileSink({
            spec,
            stageId: stage.id,
            dynamo: session.clients.dynamo,
            kinesis: session.clients.kinesis,
            table: resourceNames.table(spec.name),
          });
          process.stderr.write(
            `  sink ${sinkTableOf(stage.output.sink)} assembled again: ${rows} rows → ${relative(process.cwd(), file)}\n`,
          );
        }
      }
      last = key;
    } catch (err) {
      process.stderr.write(`  ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

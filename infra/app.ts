/**
 * The CDK app of `cdk.json`: `npx cdk synth -c sql=FILE.sql [-c parallelism=N] [-c target=local]
 * [-c console=true [-c consoleUserStreams=write]]`. Compiles the SQL, bundles the stage handler
 * once (and the console, when asked for) and builds the pipeline's stack.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { z } from 'zod';
import { loadPipeline, PARALLELISM } from '../ops/index.ts';
import { prepareConsoleDir } from './console/console-asset.ts';
import { prepareHandlerDir } from './handler-dir.ts';
import { PipelineStack, stackNameFor } from './pipeline-stack.ts';

const context = z.object({
  sql: z
    .string({ error: 'pass the pipeline with -c sql=FILE.sql' })
    .min(1, 'pass the pipeline with -c sql=FILE.sql'),
  parallelism: z.coerce.number().int().min(PARALLELISM.min).max(PARALLELISM.max).default(1),
  target: z.enum(['aws', 'local']).default('aws'),
  console: z.enum(['true', 'false']).default('false'),
  consoleUserStreams: z.enum(['read', 'write']).default('read'),
});

const app = new App();
try {
  const ctx = context.parse({
    sql: app.node.tryGetContext('sql'),
    parallelism: app.node.tryGetContext('parallelism'),
    target: app.node.tryGetContext('target'),
    console: app.node.tryGetContext('console')?.toString(),
    consoleUserStreams: app.node.tryGetContext('consoleUserStreams'),
  });
  const spec = await loadPipeline(ctx.sql, ctx.parallelism);
  // Lives until this process exits: CDK copies it into the assembly during synth().
  const work = mkdtempSync(join(tmpdir(), 'sluice-app-'));
  const handlerDir = await prepareHandlerDir({ spec, dir: join(work, 'h') });
  const console_ =
    ctx.console === 'true'
      ? {
          assetDir: await prepareConsoleDir({ spec, dir: join(work, 'console') }),
          userStreams: ctx.consoleUserStreams,
        }
      : undefined;
  const stackName = stackNameFor(spec.name);
  new PipelineStack(app, stackName, {
    spec,
    handlerDir,
    stackName,
    target: ctx.target,
    ...(console_ ? { console: console_ } : {}),
  });
  app.synth();
} catch (err) {
  const e = err as Error & { code?: string; format?: () => string };
  const text =
    err instanceof z.ZodError
      ? `error: cdk context: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`
      : typeof e.format === 'function'
        ? e.format()
        : `error: ${e.message}`;
  process.stderr.write(`${text}${e.code ? ` [${e.code}]` : ''}\n`);
  process.exit(e instanceof z.ZodError || /^(CLI_USAGE|SQL_|CLOUD_CONNECTOR)/.test(e.code ?? '') ? 2 : 1);
}

// The runtime shim of one local Lambda function: a child process forked by function-worker.ts.
// It imports the handler module (e.g. `index.handler` → ./index.mjs, export `handler`) once, then
// runs every invocation it is sent over IPC, concurrently, and answers with its result or error.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerSpec = process.env._HANDLER ?? 'index.handler';
let handlerPromise;

async function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  const modulePath = handlerSpec.slice(0, dot);
  const exportName = handlerSpec.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs']
    .map((ext) => join(taskRoot, modulePath + ext))
    .find((f) => existsSync(f));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${modulePath}'`), {
      errorType: 'Runtime.ImportModuleError',
    });
  }
  const mod = await import(pathToFileURL(file).href);
  const fn = mod[exportName] ?? mod.default?.[exportName];
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${handlerSpec} is undefined or not exported`), {
      errorType: 'Runtime.HandlerNotFound',
    });
  }
  return fn;
}

function toError(err) {
  if (err instanceof Error) {
    return {
      errorType: err.errorType ?? err.name ?? 'Error',
      errorMessage: err.message,
      trace: (err.stack ?? '').split('\n'),
    };
  }
  return { errorType: 'Error', errorMessage: String(err), trace: [] };
}

async function invoke(msg) {
  const deadline = msg.deadlineMs;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: msg.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: msg.requestId,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    handlerPromise ??= loadHandler();
    const handler = await handlerPromise;
    const event = JSON.parse(msg.event);
    const result =
      handler.length >= 3
        ? await new Promise((resolve, reject) => {
            const out = handler(event, context, (err, value) => (err ? reject(err) : resolve(value)));
            if (out && typeof out.then === 'function') out.then(resolve, reject);
          })
        : await handler(event, context);
    const payload = JSON.stringify(result === undefined ? null : result);
    process.send?.({ type: 'result', id: msg.id, ok: true, payload });
  } catch (err) {
    process.send?.({ type: 'result', id: msg.id, ok: false, error: toError(err) });
  }
}

process.on('message', (msg) => {
  if (msg && msg.type === 'invoke') void invoke(msg);
});
// The parent went away: never outlive it.
process.on('disconnect', () => process.exit(0));
process.on('unhandledRejection', (err) => {
  console.error('Unhandled promise rejection', err);
});
process.send?.({ type: 'ready' });

import { GetFunctionUrlConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { consoleFunctionName } from '../../compiler/spec/index.ts';
import { ConsoleError } from '../errors.ts';

/** Where `sluice console --remote` forwards to, and the region its signature names. */
export interface RemoteTarget {
  readonly url: URL;
  readonly region: string;
  /** The console function, when the target was named by its pipeline. */
  readonly functionName: string | undefined;
}

const FUNCTION_URL_HOST = /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/;
const PIPELINE_NAME = /^[a-z][a-z0-9-]{0,40}$/;
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

/**
 * Resolves `--remote URL|PIPELINE`:
 * - a function URL (`https://<id>.lambda-url.<region>.on.aws/`): its region comes from its host;
 *   another https host (a custom domain) needs `region`;
 * - a pipeline name: the URL of its console function `sluice-<pipeline>-console`, looked up with
 *   GetFunctionUrlConfig (your identity needs lambda:GetFunctionUrlConfig on it).
 * Plain http is refused except on loopback (a test double): the signature must not cross a network
 * in clear text.
 */
export async function resolveRemote(
  remote: string,
  opts: { readonly region: string | undefined; readonly lambda: () => LambdaClient },
): Promise<RemoteTarget> {
  if (/^https?:\/\//i.test(remote)) {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      throw new ConsoleError('BAD_REQUEST', 400, `--remote: '${remote}' is not a URL`);
    }
    if (url.protocol !== 'https:' && !LOOPBACK.test(url.hostname)) {
      throw new ConsoleError('BAD_REQUEST', 400, `--remote: use https (got ${url.origin})`);
    }
    const region = FUNCTION_URL_HOST.exec(url.hostname)?.[1] ?? opts.region;
    if (region === undefined) {
      throw new ConsoleError(
        'BAD_REQUEST',
        400,
        `--remote: cannot tell the region of ${url.host}; pass --region (or set AWS_REGION)`,
      );
    }
    return { url: new URL(url.origin), region, functionName: undefined };
  }
  if (!PIPELINE_NAME.test(remote)) {
    throw new ConsoleError(
      'BAD_REQUEST',
      400,
      `--remote takes a function URL (https://…) or a pipeline name, got '${remote}'`,
    );
  }
  const functionName = consoleFunctionName(remote);
  const lambda = opts.lambda();
  let found: string | undefined;
  try {
    found = (await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName }))).FunctionUrl;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  const region = await lambda.config.region();
  if (found === undefined) {
    throw new ConsoleError(
      'PIPELINE_NOT_FOUND',
      404,
      `no console function URL '${functionName}' in ${region}: deploy the pipeline with its console ` +
        "('sluice deploy FILE.sql --console'), or pass --region or the URL from the stack output",
    );
  }
  return { url: new URL(new URL(found).origin), region, functionName };
}

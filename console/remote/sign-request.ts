import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { Sha256, sha256Hex } from './sha256.ts';

/** One request to sign: the target URL (function URL + path + query), method, headers, body. */
export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names. Signed as given, besides `host`, `x-amz-date` and `x-amz-content-sha256`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | undefined;
}

export interface SignerOptions {
  readonly region: string;
  /**
   * The caller's credentials, e.g. an AWS SDK client's `config.credentials` (the default chain:
   * environment, SSO, profiles, instance metadata …).
   */
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** @default 'lambda' (function URLs) */
  readonly service?: string;
  /** For tests. @default new Date() */
  readonly now?: () => Date;
}

/** Signs requests with SigV4 for a Lambda function URL; returns the headers to send. */
export type Signer = (req: RequestToSign) => Promise<Record<string, string>>;

export function createSigner(opts: SignerOptions): Signer {
  const signer = new SignatureV4({
    service: opts.service ?? 'lambda',
    region: opts.region,
    credentials: opts.credentials,
    sha256: Sha256,
  });
  return async (req) => {
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of req.url.searchParams) {
      const had = query[k];
      query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    const signed = await signer.sign(
      {
        method: req.method,
        protocol: req.url.protocol,
        hostname: req.url.hostname,
        ...(req.url.port ? { port: Number(req.url.port) } : {}),
        path: req.url.pathname,
        query,
        headers: {
          ...req.headers,
          host: req.url.host,
          'x-amz-content-sha256': sha256Hex(req.body ?? new Uint8Array()),
        },
        ...(req.body ? { body: req.body } : {}),
      },
      { signingDate: (opts.now ?? (() => new Date()))() },
    );
    return signed.headers;
  };
}

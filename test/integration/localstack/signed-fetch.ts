import { createSigner } from '../../../console/remote/sign-request.ts';

/** Test credentials: the local stack checks a SigV4 header's shape, not whose key signed it. */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export interface SignedFetchInit {
  readonly method?: string;
  /** Lower-case names; signed with the request. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** @default 'lambda' */
  readonly service?: string;
}

/**
 * fetch() with a SigV4 signature (the signer of `sluice console --remote`, @smithy/signature-v4),
 * as the AWS SDK sends: the local stack's servers refuse raw unsigned requests.
 */
export async function signedFetch(url: string | URL, init: SignedFetchInit = {}): Promise<Response> {
  const target = new URL(url);
  const method = init.method ?? 'GET';
  const body = typeof init.body === 'string' ? new TextEncoder().encode(init.body) : init.body;
  const sign = createSigner({
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    service: init.service ?? 'lambda',
  });
  const signed = await sign({ method, url: target, headers: init.headers ?? {}, body });
  const { host: _host, ...headers } = signed; // fetch sends the same Host itself
  return fetch(target, { method, headers, ...(body ? { body: Buffer.from(body) } : {}) });
}

import { z } from 'zod';
import type { ApiRequest, ApiResponse } from '../api/types.ts';

/** The parts of a Lambda function URL event (payload format 2.0) that the console API reads. */
export const functionUrlEventSchema = z.object({
  rawPath: z.string().startsWith('/'),
  rawQueryString: z.string().optional(),
  headers: z.record(z.string(), z.string().optional()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z.object({ http: z.object({ method: z.string().min(1) }) }),
});

export type FunctionUrlEvent = z.infer<typeof functionUrlEventSchema>;

export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Adapts the pure API handler to a Lambda function URL (AuthType AWS_IAM, so no bearer token:
 * create the handler with `token: null`). Server-sent events need the function URL's
 * RESPONSE_STREAM invoke mode; in buffered mode this adapter answers them with 501.
 */
export function toFunctionUrlHandler(handler: (req: ApiRequest) => Promise<ApiResponse>) {
  return async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
    const body =
      event.body === undefined
        ? undefined
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
    const answer = await handler({
      method: event.requestContext.http.method,
      path: event.rawPath,
      query: Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')),
      headers,
      body,
    });
    if ('events' in answer) {
      return {
        statusCode: 501,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: { code: 'NOT_SUPPORTED', message: 'server-sent events need RESPONSE_STREAM mode' },
        }),
      };
    }
    return {
      statusCode: answer.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answer.body),
    };
  };
}

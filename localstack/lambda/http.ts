import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { LocalStackError } from '../errors.ts';

/** A Lambda API error: `code` is the AWS error type the SDK maps to an exception class. */
export class LambdaApiError extends LocalStackError {
  readonly statusCode: number;
  constructor(code: string, message: string, statusCode: number) {
    super(code, message);
    this.statusCode = statusCode;
  }
}

export const notFound = (what: string): LambdaApiError =>
  new LambdaApiError('ResourceNotFoundException', `${what} not found.`, 404);
export const invalid = (message: string): LambdaApiError =>
  new LambdaApiError('InvalidParameterValueException', message, 400);

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': crypto.randomUUID(),
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, err: LambdaApiError): void {
  sendJson(res, err.statusCode, { Type: 'User', message: err.message }, { 'x-amzn-errortype': err.code });
}

/**
 * Reads a JSON request body, which must be sent as `Content-Type: application/json` (as the SDK
 * does): a web page can post `text/plain` without a CORS preflight, never `application/json`.
 */
export async function readJson<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (text !== '' && type !== 'application/json') {
    throw new LambdaApiError(
      'UnsupportedMediaTypeException',
      `refused a JSON body sent as Content-Type '${req.headers['content-type'] ?? ''}': send it as application/json`,
      415,
    );
  }
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw invalid('request body is not valid JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

import type { IncomingMessage } from 'node:http';
import { ConsoleError } from '../errors.ts';

/** Largest request body the console's servers accept. */
export const MAX_BODY = 1024 * 1024;

/** A request's body, refused with 413 past MAX_BODY (the connection is dropped). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ConsoleError('BAD_REQUEST', 413, 'request body over 1 MB'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConsoleError } from '../errors.ts';

/** A fresh console token: 32 random bytes, base64url. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Throws 401 without `Authorization: Bearer …`, 403 with a wrong token. */
export function checkBearer(header: string | undefined, token: string): void {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) {
    throw new ConsoleError(
      'UNAUTHORIZED',
      401,
      'missing Authorization: Bearer <token> (printed by sluice at start)',
    );
  }
  const given = Buffer.from(m[1]);
  const want = Buffer.from(token);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new ConsoleError('FORBIDDEN', 403, 'wrong console token');
  }
}

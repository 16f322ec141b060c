import type { IncomingHttpHeaders } from 'node:http';
import { refusal } from '../../localstack/index.ts';
import { ConsoleError } from '../errors.ts';

/**
 * The console's servers on 127.0.0.1 (the local console, `console --remote`'s signing proxy) serve
 * a request only when its Host names them (127.0.0.1, localhost or [::1] with their port: a
 * DNS-rebinding page sends its own name) and it carries no Origin but their own (another site's
 * page, form or script). Throws a 403 FORBIDDEN naming what was refused.
 */
export function checkLocalRequest(headers: IncomingHttpHeaders, port: number): void {
  const refused = refusal(headers, { port, sigv4: false });
  if (refused) throw new ConsoleError('FORBIDDEN', 403, refused.message);
}

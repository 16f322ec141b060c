import { UI_FILES } from '../../ops/index.ts';
import { ConsoleError } from '../errors.ts';

/** Where a request to the signing proxy goes: a path on the target's own origin, and its query. */
export interface ForwardPath {
  readonly pathname: string;
  /** With its `?`, or ''. */
  readonly search: string;
  /** Whether it may go without the console token: the UI's files and GET /api/health. */
  readonly public: boolean;
}

/** An origin-form path of RFC 3986 path characters (percent escapes checked apart). */
const SAFE_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * The path and query that the signing proxy forwards for a request line's target (`req.url`),
 * or a 400 for anything but a plain origin-form path: an absolute URL, `//` (which a URL parser
 * reads as another host), `.` or `..` segments, backslashes, and encoded `/`, `\` or `.`, so that
 * every request the proxy signs goes to the console function's own origin, at the path that was
 * checked for the token.
 */
export function forwardPath(method: string, target: string): ForwardPath {
  const q = target.indexOf('?');
  const pathname = q < 0 ? target : target.slice(0, q);
  const search = q < 0 ? '' : target.slice(q);
  const segments = pathname.split('/').slice(1);
  const bad =
    !SAFE_PATH.test(pathname) ||
    segments.some((s, i) => (s === '' && i < segments.length - 1) || s === '.' || s === '..') ||
    /%(2f|5c|2e)/i.test(pathname) ||
    /[\\#]/.test(search);
  if (bad) {
    throw new ConsoleError(
      'BAD_REQUEST',
      400,
      `refused request target '${target.slice(0, 200)}': the proxy forwards only plain paths ` +
        "(no '//', '.', '..', '\\' or encoded separators) to the console's own function URL",
    );
  }
  const read = method === 'GET' || method === 'HEAD';
  const isUi = read && (pathname === '/index.html' || Object.hasOwn(UI_FILES, pathname));
  const isHealth = method === 'GET' && pathname === '/api/health';
  return { pathname, search, public: isUi || isHealth };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UI_FILES } from '../../ops/index.ts';
import type { FunctionUrlResult } from '../server/lambda-adapter.ts';
import { SECURITY_HEADERS } from '../server/security-headers.ts';

export type StaticUi = (method: string, path: string) => FunctionUrlResult;

/**
 * Serves the UI bundled into the console function's asset (read once per cold start). The
 * function URL is IAM-authenticated, so a browser reaches it through `sluice console --remote`.
 */
export function loadStaticUi(assetDir: string): StaticUi {
  const files = new Map<string, { type: string; body: string }>();
  for (const [path, f] of Object.entries(UI_FILES)) {
    const full = join(assetDir, 'ui', f.file);
    if (existsSync(full)) files.set(path, { type: f.type, body: readFileSync(full, 'utf8') });
  }
  return (method, path) => {
    const file = files.get(path === '/index.html' ? '/' : path);
    if (!file || (method !== 'GET' && method !== 'HEAD')) {
      return {
        statusCode: 404,
        headers: { ...SECURITY_HEADERS, 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'NOT_FOUND', message: `${method} ${path}` } }),
      };
    }
    return {
      statusCode: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': file.type },
      body: method === 'HEAD' ? '' : file.body,
    };
  };
}

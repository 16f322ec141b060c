/** The console API client: the bearer token comes from the URL fragment `#token=…` printed at start. */
const KEY = 'sluice-console-token';

export function initToken(): void {
  const m = /token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(KEY, m[1]);
    history.replaceState(null, '', `${location.pathname}#/`);
  }
}

export const hasToken = (): boolean => sessionStorage.getItem(KEY) !== null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

function headers(json: boolean): HeadersInit {
  const h: Record<string, string> = { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` };
  if (json) h['content-type'] = 'application/json';
  return h;
}

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok)
    throw new ApiError(res.status, body.error?.code ?? 'HTTP', body.error?.message ?? res.statusText, body);
  return body as T;
}

export async function get<T>(path: string): Promise<T> {
  return parse<T>(await fetch(path, { headers: headers(false) }));
}

export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return parse<T>(
    await fetch(path, {
      method,
      headers: headers(body !== undefined),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
  );
}

/** Reads a server-sent event stream with fetch (EventSource cannot send the token header). */
export async function streamEvents(
  path: string,
  onEvent: (event: string, data: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(path, { headers: headers(false), signal });
  if (!res.ok || !res.body) throw new ApiError(res.status, 'HTTP', `stream failed: ${res.status}`, null);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let cut = buf.indexOf('\n\n');
    while (cut >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(event, data);
      cut = buf.indexOf('\n\n');
    }
  }
}

import { send, streamEvents } from '../api.ts';
import { fill, h } from '../dom.ts';

/** The editor's live preview of a bare SELECT: its rows, streamed over SSE into a table. */
export interface PreviewPanel {
  /** The preview's status line. */
  readonly note: HTMLElement;
  /** The box holding the rows' table. */
  readonly box: HTMLElement;
  /** Deploys the preview of `sql` and streams its rows until it ends; `fail` shows an API error. */
  start(sql: string, fail: (err: unknown) => void): Promise<void>;
  /** Stops the running preview and deletes it on the local stack. */
  stop(): Promise<void>;
  /** Stops streaming (the view is left). */
  abort(): void;
}

export function previewPanel(): PreviewPanel {
  const head = h('thead');
  const body = h('tbody');
  const note = h('div', { class: 'muted', id: 'preview-status' });
  const box = h(
    'div',
    { class: 'preview-box' },
    h('table', { class: 'grid', id: 'preview-rows' }, head, body),
  );
  let preview: { id: string; abort: AbortController } | undefined;

  /** Shows one server-sent event: a row (the first one names the columns), or the preview's end. */
  const showEvents = () => {
    let cols: string[] | undefined;
    let n = 0;
    return (event: string, data: string) => {
      if (event === 'row') {
        const row = JSON.parse(data) as Record<string, unknown>;
        if (!cols) {
          cols = Object.keys(row);
          fill(head, h('tr', {}, ...cols.map((c) => h('th', {}, c))));
        }
        n++;
        body.append(h('tr', {}, ...cols.map((c) => h('td', {}, JSON.stringify(row[c] ?? null)))));
        note.textContent = `${n} row(s), streaming…`;
      } else if (event === 'done') note.textContent = `${n} row(s); preview finished`;
      else if (event === 'truncated') note.textContent = `${n} row(s); later rows not shown`;
      else if (event === 'error')
        note.textContent = `preview failed: ${(JSON.parse(data) as { message: string }).message}`;
    };
  };

  return {
    note,
    box,
    async start(sql, fail) {
      preview?.abort.abort();
      fill(head);
      fill(body);
      note.textContent = 'deploying the preview on the local stack…';
      try {
        const { id } = await send<{ id: string }>('POST', '/api/previews', { sql });
        const abort = new AbortController();
        preview = { id, abort };
        await streamEvents(`/api/previews/${id}/events`, showEvents(), abort.signal);
      } catch (err) {
        if ((err as Error).name !== 'AbortError') {
          fail(err);
          note.textContent = '';
        }
      }
    },
    async stop() {
      if (!preview) return;
      preview.abort.abort();
      await send('DELETE', `/api/previews/${preview.id}`).catch(() => undefined);
      note.textContent += ' (stopped)';
      preview = undefined;
    },
    abort() {
      preview?.abort.abort();
    },
  };
}

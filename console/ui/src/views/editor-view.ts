import type { Diagnostic } from '../../../api/types.ts';
import { ApiError, send, streamEvents } from '../api.ts';
import { fill, h } from '../dom.ts';

const SAMPLE = `-- A bare SELECT previews its rows live; INSERT INTO a sink and Create runs a pipeline.
CREATE TABLE orders (
  order_id BIGINT, customer TEXT, region TEXT, amount DOUBLE, status TEXT, ts TIMESTAMP,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (connector = 'single_file', path = 'examples/data/orders.jsonl', format = 'json', type = 'source', bad_data = 'drop');

SELECT order_id, customer, amount FROM orders WHERE amount > 490;
`;

interface ValidateResult {
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly stages?: readonly { id: string; label: string }[];
  readonly preview?: boolean;
}

/** Caret offset of a 1-based line:column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) off += (lines[i]?.length ?? 0) + 1;
  return off + column - 1;
}

/** The SQL editor: Validate (diagnostics at line:column), Preview (live rows over SSE), Create. */
export function mountEditor(root: HTMLElement, navigate: (hash: string) => void): () => void {
  const area = h('textarea', { id: 'sql', spellcheck: false, rows: 18 });
  area.value = sessionStorage.getItem('sluice-sql') ?? SAMPLE;
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const diags = h('ul', { class: 'diagnostics', id: 'diagnostics' });
  const result = h('div', { class: 'muted', id: 'validate-result' });
  const nameIn = h('input', { id: 'pipeline-name', placeholder: 'pipeline name (optional)', class: 'small' });
  const parIn = h('input', { id: 'parallelism', type: 'number', min: 1, max: 64, value: 1, class: 'tiny' });
  const rowsHead = h('thead');
  const rowsBody = h('tbody');
  const previewNote = h('div', { class: 'muted', id: 'preview-status' });
  let marks = new Map<number, string>();
  let preview: { id: string; abort: AbortController } | undefined;

  const renderGutter = () => {
    const n = area.value.split('\n').length;
    fill(
      gutter,
      ...Array.from({ length: n }, (_, i) =>
        h('span', { class: marks.has(i + 1) ? 'mark' : '', title: marks.get(i + 1) }, `${i + 1}\n`),
      ),
    );
    gutter.scrollTop = area.scrollTop;
  };
  area.addEventListener('input', () => {
    sessionStorage.setItem('sluice-sql', area.value);
    renderGutter();
  });
  area.addEventListener('scroll', () => {
    gutter.scrollTop = area.scrollTop;
  });

  const showDiagnostics = (list: readonly Diagnostic[]) => {
    marks = new Map(list.map((d) => [d.line, d.message]));
    renderGutter();
    fill(
      diags,
      ...list.map((d) =>
        h(
          'li',
          {
            class: 'diagnostic',
            onclick: () => {
              const off = offsetOf(area.value, d.line, d.column);
              area.focus();
              area.setSelectionRange(off, off + 1);
            },
          },
          h('code', { class: 'pos' }, `${d.line}:${d.column}`),
          ' ',
          d.message,
          d.hint ? h('div', { class: 'hint' }, `hint: ${d.hint}`) : null,
          h(
            'pre',
            { class: 'excerpt' },
            `${area.value.split('\n')[d.line - 1] ?? ''}\n${' '.repeat(Math.max(0, d.column - 1))}^`,
          ),
        ),
      ),
    );
  };

  const apiFail = (err: unknown) => {
    if (err instanceof ApiError) {
      const details = (err.body as { error?: { details?: { diagnostics?: Diagnostic[] } } }).error?.details;
      if (details?.diagnostics) showDiagnostics(details.diagnostics);
      result.textContent = `${err.code}: ${err.message}`;
    } else result.textContent = String(err);
  };

  const validate = async () => {
    result.textContent = 'validating…';
    try {
      const r = await send<ValidateResult>('POST', '/api/validate', { sql: area.value });
      showDiagnostics(r.diagnostics);
      result.textContent = r.ok
        ? `valid: ${r.stages?.map((s) => `${s.id} ${s.label}`).join(' | ')}${r.preview ? ' (bare SELECT: use Preview)' : ''}`
        : `${r.diagnostics.length} error(s)`;
    } catch (err) {
      apiFail(err);
    }
  };

  const startPreview = async () => {
    preview?.abort.abort();
    fill(rowsHead);
    fill(rowsBody);
    previewNote.textContent = 'deploying the preview on the local stack…';
    try {
      const { id } = await send<{ id: string }>('POST', '/api/previews', { sql: area.value });
      const abort = new AbortController();
      preview = { id, abort };
      let cols: string[] | undefined;
      let n = 0;
      await streamEvents(
        `/api/previews/${id}/events`,
        (event, data) => {
          if (event === 'row') {
            const row = JSON.parse(data) as Record<string, unknown>;
            if (!cols) {
              cols = Object.keys(row);
              fill(rowsHead, h('tr', {}, ...cols.map((c) => h('th', {}, c))));
            }
            n++;
            rowsBody.append(h('tr', {}, ...cols.map((c) => h('td', {}, JSON.stringify(row[c] ?? null)))));
            previewNote.textContent = `${n} row(s), streaming…`;
          } else if (event === 'done') previewNote.textContent = `${n} row(s); preview finished`;
          else if (event === 'truncated') previewNote.textContent = `${n} row(s); later rows not shown`;
          else if (event === 'error')
            previewNote.textContent = `preview failed: ${(JSON.parse(data) as { message: string }).message}`;
        },
        abort.signal,
      );
    } catch (err) {
      if ((err as Error).name !== 'AbortError') {
        apiFail(err);
        previewNote.textContent = '';
      }
    }
  };

  const stopPreview = async () => {
    if (!preview) return;
    preview.abort.abort();
    await send('DELETE', `/api/previews/${preview.id}`).catch(() => undefined);
    previewNote.textContent += ' (stopped)';
    preview = undefined;
  };

  const create = async () => {
    result.textContent = 'deploying…';
    try {
      const body = {
        sql: area.value,
        parallelism: Number(parIn.value) || 1,
        ...(nameIn.value ? { name: nameIn.value } : {}),
      };
      const r = await send<{ name: string }>('POST', '/api/pipelines', body);
      navigate(`#/p/${encodeURIComponent(r.name)}`);
    } catch (err) {
      apiFail(err);
    }
  };

  fill(
    root,
    h('h1', {}, 'SQL editor'),
    h('div', { class: 'editor' }, gutter, area),
    h(
      'div',
      { class: 'toolbar' },
      h('button', { id: 'validate', onclick: () => void validate() }, 'Validate'),
      h('button', { id: 'preview', onclick: () => void startPreview() }, 'Preview'),
      h('button', { id: 'stop-preview', onclick: () => void stopPreview() }, 'Stop preview'),
      h('span', { class: 'sep' }),
      nameIn,
      h('label', {}, ' parallelism ', parIn),
      h('button', { id: 'create', class: 'primary', onclick: () => void create() }, 'Create'),
    ),
    result,
    diags,
    h('h2', {}, 'Preview'),
    previewNote,
    h('div', { class: 'preview-box' }, h('table', { class: 'grid', id: 'preview-rows' }, rowsHead, rowsBody)),
  );
  renderGutter();
  return () => preview?.abort.abort();
}

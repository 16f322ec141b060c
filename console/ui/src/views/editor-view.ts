import type { Diagnostic } from '../../../api/types.ts';
import { ApiError, send } from '../api.ts';
import { fill, h } from '../dom.ts';
import { previewPanel } from './editor-preview.ts';

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

/** The SQL text area and its line-number gutter, which marks the lines that have diagnostics. */
function sqlArea(): {
  area: HTMLTextAreaElement;
  gutter: HTMLElement;
  setMarks: (marks: Map<number, string>) => void;
} {
  const area = h('textarea', { id: 'sql', spellcheck: false, rows: 18 });
  area.value = sessionStorage.getItem('sluice-sql') ?? SAMPLE;
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  let marks = new Map<number, string>();
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
  renderGutter();
  const setMarks = (next: Map<number, string>) => {
    marks = next;
    renderGutter();
  };
  return { area, gutter, setMarks };
}

/** One diagnostic: its position (a click selects it in `area`), message, hint and source excerpt. */
function diagnosticItem(d: Diagnostic, area: HTMLTextAreaElement): HTMLElement {
  return h(
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
  );
}

/** The SQL editor: Validate (diagnostics at line:column), Preview (live rows over SSE), Create. */
export function mountEditor(root: HTMLElement, navigate: (hash: string) => void): () => void {
  const { area, gutter, setMarks } = sqlArea();
  const diags = h('ul', { class: 'diagnostics', id: 'diagnostics' });
  const result = h('div', { class: 'muted', id: 'validate-result' });
  const nameIn = h('input', { id: 'pipeline-name', placeholder: 'pipeline name (optional)', class: 'small' });
  const parIn = h('input', { id: 'parallelism', type: 'number', min: 1, max: 64, value: 1, class: 'tiny' });
  const preview = previewPanel();

  const showDiagnostics = (list: readonly Diagnostic[]) => {
    setMarks(new Map(list.map((d) => [d.line, d.message])));
    fill(diags, ...list.map((d) => diagnosticItem(d, area)));
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
      h('button', { id: 'preview', onclick: () => void preview.start(area.value, apiFail) }, 'Preview'),
      h('button', { id: 'stop-preview', onclick: () => void preview.stop() }, 'Stop preview'),
      h('span', { class: 'sep' }),
      nameIn,
      h('label', {}, ' parallelism ', parIn),
      h('button', { id: 'create', class: 'primary', onclick: () => void create() }, 'Create'),
    ),
    result,
    diags,
    h('h2', {}, 'Preview'),
    preview.note,
    preview.box,
  );
  return () => preview.abort();
}

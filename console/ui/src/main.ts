import 'uplot/dist/uPlot.min.css';
import './style.css';
import { hasToken, initToken } from './api.ts';
import { fill, h } from './dom.ts';
import { mountEditor } from './views/editor-view.ts';
import { mountPipeline } from './views/pipeline-view.ts';
import { mountPipelines } from './views/pipelines-view.ts';

initToken();
const app = document.getElementById('app') as HTMLElement;
let unmount: () => void = () => {};

function route(): void {
  unmount();
  unmount = () => {};
  if (!hasToken()) {
    fill(
      app,
      h(
        'p',
        { class: 'error' },
        'No console token. Open the URL that sluice printed at start (it ends with #token=…).',
      ),
    );
    return;
  }
  const hash = location.hash || '#/';
  const p = /^#\/p\/([^/]+)$/.exec(hash);
  if (p?.[1]) unmount = mountPipeline(app, decodeURIComponent(p[1]));
  else if (hash === '#/editor') unmount = mountEditor(app, (to) => (location.hash = to));
  else unmount = mountPipelines(app);
}

window.addEventListener('hashchange', route);
route();

// The console's router: every view and its state (filters, the selected step, attempt or seed)
// lives in the URL's fragment, so any view can be bookmarked, shared and opened cold.
import { errorBox, fill } from './dom.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { renderShadowRuns, renderShadowRun } from './shadow.js';
import { renderShadowDivergence, renderRunDivergence } from './divergence.js';

const ROUTES = [
  [/^#\/runs$/, (match, params) => renderRuns(params)],
  [/^#\/runs\/([^/]+)$/, (match, params) => renderRun(decodeURIComponent(match[1]), params)],
  [/^#\/shadowruns$/, () => renderShadowRuns()],
  [/^#\/shadowruns\/([^/]+)$/, (match, params) => renderShadowRun(decodeURIComponent(match[1]), params)],
  [/^#\/shadowruns\/([^/]+)\/divergence\/(\d+)\/(-?\d+)$/,
    (match, params) => renderShadowDivergence(decodeURIComponent(match[1]), match[2], match[3], params)],
  [/^#\/compare$/, (match, params) => renderRunDivergence(params)],
];

let leaveCurrent = () => {};

async function route() {
  const [path, search = ''] = (location.hash || '#/runs').split('?');
  const params = new URLSearchParams(search);
  const app = document.getElementById('app');
  leaveCurrent();
  leaveCurrent = () => {};
  document.querySelectorAll('[data-nav]').forEach((link) => {
    link.toggleAttribute('aria-current', path.startsWith(`#/${link.dataset.nav}`));
  });
  for (const [pattern, render] of ROUTES) {
    const match = path.match(pattern);
    if (match) {
      try {
        const leave = await render(match, params, app);
        if (typeof leave === 'function') leaveCurrent = leave;
      } catch (error) {
        fill(app, errorBox(error));
      }
      return;
    }
  }
  fill(app, errorBox(new Error(`no such page: ${path}`)));
}

window.addEventListener('hashchange', route);
route();

// The console's router: every view and its state (filters, the selected step, attempt or seed)
// lives in the URL's fragment, so any view can be bookmarked, shared and opened cold.
import { signIn } from './api.js';
import { errorBox, fill, h } from './dom.js';
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
        fill(app, error.status === 401 ? signInForm(error) : errorBox(error));
      }
      return;
    }
  }
  fill(app, errorBox(new Error(`no such page: ${path}`)));
}

/** The cluster decides who the reader is: the console asks it about the token given here. */
function signInForm(error) {
  const form = h('form', { class: 'sign-in', id: 'sign-in', onsubmit: (event) => {
    event.preventDefault();
    signIn(new FormData(form).get('token'));
    route();
  } },
  h('h1', {}, 'Sign in with your Kubernetes token'),
  h('p', { class: 'muted' }, error.message),
  h('p', {}, 'Paste a token the cluster accepts, e.g. from ', h('code', {}, 'kubectl create token NAME'),
    '. It stays in this tab only, and you see only the namespaces whose Workflows and ShadowRuns it may get.'),
  h('label', {}, 'Token ', h('input', { name: 'token', type: 'password', required: true, autocomplete: 'off' })),
  h('button', { type: 'submit' }, 'Sign in'));
  return form;
}

window.addEventListener('hashchange', route);
route();

// The runs list: filters kept in the URL, a page at a time from the server.
import { getJson, query } from './api.js';
import { fill, h, keyboardRows, phase, shortHash, time } from './dom.js';

const FILTERS = ['namespace', 'workflow', 'phase', 'from', 'to', 'runId'];

export async function renderRuns(params) {
  const app = document.getElementById('app');
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || '']));
  const [namespaces, page] = await Promise.all([
    getJson('/api/v1/namespaces'),
    getJson(`/api/v1/runs${query({ ...filters, after: params.get('after'), limit: 50 })}`),
  ]);
  fill(app,
    h('h1', {}, 'Runs'),
    filterForm(filters, namespaces.namespaces),
    page.runs.length ? runTable(page.runs) : h('p', { class: 'muted', id: 'no-runs' }, 'No runs match.'),
    pager(filters, params.get('after'), page.next));
  keyboardRows(app, 'tbody tr');
}

function filterForm(filters, namespaces) {
  const field = (name, label, control) => h('label', {}, label, control);
  const input = (name, attributes = {}) => h('input', { name, value: filters[name], ...attributes });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = {};
    for (const name of FILTERS) {
      let value = (data.get(name) || '').trim();
      if ((name === 'from' || name === 'to') && value) value = localToInstant(value);
      chosen[name] = value;
    }
    location.hash = `#/runs${query(chosen)}`;
  } },
  field('namespace', 'Namespace', h('select', { name: 'namespace' },
    h('option', { value: '' }, 'All I can read'),
    namespaces.map((ns) => h('option', { value: ns, selected: ns === filters.namespace }, ns)))),
  field('workflow', 'Workflow', input('workflow', { placeholder: 'name' })),
  field('phase', 'Phase', h('select', { name: 'phase' },
    ['', 'RUNNING', 'SUCCEEDED', 'FAILED'].map((p) =>
      h('option', { value: p, selected: p === filters.phase }, p || 'Any')))),
  field('from', 'Started from', input('from', { type: 'datetime-local', step: 1, value: instantToLocal(filters.from) })),
  field('to', 'Started before', input('to', { type: 'datetime-local', step: 1, value: instantToLocal(filters.to) })),
  field('runId', 'Run id', input('runId', { placeholder: 'prefix' })),
  h('button', { type: 'submit' }, 'Filter'),
  h('a', { href: '#/runs' }, 'Clear'));
  return form;
}

/** Times in the form are UTC, as the API's are. */
function localToInstant(value) {
  return `${value.length === 16 ? `${value}:00` : value}Z`;
}

function instantToLocal(value) {
  return value ? value.replace(/(\.\d+)?Z$/, '') : '';
}

function runTable(runs) {
  return h('table', { class: 'runs' },
    h('thead', {}, h('tr', {},
      ['Run', 'Namespace', 'Workflow', 'Phase', 'Hash', 'Started', 'Finished'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, runs.map((run) => {
      const link = `#/runs/${encodeURIComponent(run.runId)}`;
      return h('tr', { tabindex: 0, dataset: { runId: run.runId },
        onkeydown: (event) => { if (event.key === 'Enter') location.hash = link; } },
      h('td', {}, h('a', { href: link }, run.runId)),
      h('td', {}, run.namespace),
      h('td', {}, run.workflow),
      h('td', {}, phase(run.status), run.errorCode ? h('span', { class: 'code' }, ` ${run.errorCode}`) : null),
      h('td', {}, shortHash(run.workflowHash)),
      h('td', {}, time(run.startedAt)),
      h('td', {}, time(run.finishedAt)));
    })));
}

function pager(filters, after, next) {
  return h('nav', { class: 'pager', 'aria-label': 'Pages' },
    after ? h('a', { href: `#/runs${query(filters)}` }, '« First page') : null,
    next ? h('a', { href: `#/runs${query({ ...filters, after: next })}`, rel: 'next' }, 'Next page »') : null);
}

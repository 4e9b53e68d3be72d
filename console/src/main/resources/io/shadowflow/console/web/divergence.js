// Where two records of a workflow part, aligned by step path: the equal prefix collapsed, the
// first diverging step side by side with its differences marked, and the steps after it greyed
// as downstream. The server found the divergence; this page only shows it.
import { getJson, query } from './api.js';
import { fill, h, shortHash } from './dom.js';

export async function renderShadowDivergence(id, cycle, seed, params) {
  const view = await getJson(`/api/v1/shadowruns/${encodeURIComponent(id)}/divergences/${cycle}/${seed}`);
  const back = h('a', { href: `#/shadowruns/${encodeURIComponent(id)}?seed=${seed}` }, `« Shadow run ${id}`);
  show(view, [back, ` — seed ${seed}, cycle ${cycle}, ${view.check === 'replay' ? 'replay against the golden record' : 'iterations across workers'}`], params);
}

export async function renderRunDivergence(params) {
  const expected = params.get('expected');
  const actual = params.get('actual');
  const view = await getJson(`/api/v1/divergence${query({ expected, actual })}`);
  show(view, ['Run ', runLink(expected), ' (expected) against run ', runLink(actual), ' (actual)'], params);
}

function runLink(runId) {
  return h('a', { href: `#/runs/${encodeURIComponent(runId)}` }, h('code', {}, runId));
}

function show(view, subtitle, params) {
  const app = document.getElementById('app');
  const downstream = h('section', { class: 'downstream', id: 'downstream', hidden: params.get('downstream') !== 'show' },
    h('table', { class: 'runs' },
      h('thead', {}, h('tr', {}, ['Step', 'Name', 'Expected hash', 'Actual hash'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, view.downstream.map((step) => h('tr', { class: 'downstream-row' },
        h('td', {}, h('code', {}, step.path)), h('td', {}, step.name),
        h('td', {}, shortHash(step.expectedHash)),
        h('td', {}, step.actualHash ? shortHash(step.actualHash) : h('span', { class: 'muted' }, 'not stored')))))));
  const toggle = h('button', { type: 'button', id: 'show-downstream', 'aria-controls': 'downstream',
    'aria-expanded': String(!downstream.hidden),
    onclick: () => {
      downstream.hidden = !downstream.hidden;
      toggle.setAttribute('aria-expanded', String(!downstream.hidden));
      toggle.textContent = downstream.hidden ? `Show the steps after it (${view.downstream.length})` : 'Hide the steps after it';
    } }, downstream.hidden ? `Show the steps after it (${view.downstream.length})` : 'Hide the steps after it');
  fill(app,
    h('h1', {}, 'Divergence'),
    h('p', {}, subtitle),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Expected workflow hash'), h('dd', {}, h('code', { id: 'expected-workflow-hash' }, view.expectedWorkflowHash)),
      h('dt', {}, 'Actual workflow hash'), h('dd', {}, h('code', { id: 'actual-workflow-hash' }, view.actualWorkflowHash))),
    view.at === null
      ? h('p', { class: 'banner match', id: 'no-divergence' }, `= The two records agree: ${view.equalSteps} steps, hashes equal.`)
      : [
        h('div', { class: 'prefix', id: 'equal-prefix' }, view.equalSteps === null
          ? 'Steps before it: the expected record is no longer stored.'
          : `${view.equalSteps} steps, hashes equal`),
        h('section', { class: 'diverging', id: 'diverging-step' },
          h('h2', {}, '≠ First diverging step ', h('code', { id: 'diverging-path' }, view.at), ` (${view.name})`),
          h('dl', { class: 'facts' },
            h('dt', {}, 'Expected step hash'), h('dd', {}, view.expectedStepHash ? h('code', {}, view.expectedStepHash) : '—'),
            h('dt', {}, 'Actual step hash'), h('dd', {}, view.actualStepHash ? h('code', {}, view.actualStepHash) : '—')),
          sideBySide(view.lines)),
        view.downstream.length ? [toggle, downstream] : null,
      ]);
}

/** Expected and actual, line by line; changed lines marked with a sign as well as a colour. */
function sideBySide(lines) {
  const mark = { EQUAL: ' ', CHANGE: '≠', DELETE: '−', INSERT: '+' };
  return h('table', { class: 'side-by-side' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'Actual'))),
    h('tbody', {}, lines.map((line) => h('tr', { class: `diff-${line.change.toLowerCase()}` },
      h('td', {}, h('pre', {}, line.expected)),
      h('td', { class: 'mark', 'aria-label': line.change.toLowerCase() }, mark[line.change]),
      h('td', {}, h('pre', {}, line.actual))))));
}

// Shadow runs: the list, and one shadow run's totals, its seeds by workers grid and mismatches.
import { download, getJson } from './api.js';
import { fill, h, keyboardRows, phase, shortHash, time } from './dom.js';

export async function renderShadowRuns() {
  const app = document.getElementById('app');
  const { shadowRuns } = await getJson('/api/v1/shadowruns');
  fill(app,
    h('h1', {}, 'Shadow runs'),
    shadowRuns.length ? h('table', { class: 'runs' },
      h('thead', {}, h('tr', {}, ['Shadow run', 'Namespace', 'Workflow', 'Mode', 'Seeds', 'Cycles', 'Replayed', 'Result', 'Created']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shadowRuns.map((run) => {
        const link = `#/shadowruns/${encodeURIComponent(run.shadowRunId)}`;
        return h('tr', { tabindex: 0, onkeydown: (event) => { if (event.key === 'Enter') location.hash = link; } },
          h('td', {}, h('a', { href: link }, run.shadowRunId)),
          h('td', {}, run.namespace),
          h('td', {}, run.name),
          h('td', {}, run.mode),
          h('td', {}, `${run.seedFrom}…${run.seedFrom + run.seedCount - 1}`),
          h('td', {}, String(run.cycles)),
          h('td', {}, String(run.workflowsReplayed)),
          h('td', {}, run.mismatches ? [phase('MISMATCH'), ` ${run.mismatches}`] : phase('MATCH')),
          h('td', {}, time(run.createdAt)));
      }))) : h('p', { class: 'muted' }, 'No shadow runs.'));
  keyboardRows(app, 'tbody tr');
}

export async function renderShadowRun(id, params) {
  const app = document.getElementById('app');
  const view = await getJson(`/api/v1/shadowruns/${encodeURIComponent(id)}`);
  const { run, summary } = view;
  const chosenSeed = params.get('seed');
  fill(app,
    h('h1', {}, 'Shadow run ', h('code', {}, run.shadowRunId)),
    h('p', {}, `${run.namespace}/${run.name} — ${run.mode}, seeds ${run.seedFrom}…${run.seedFrom + run.seedCount - 1},`
      + ` ${run.iterations} iterations on ${run.workers} workers in ${run.shards} shard(s). `,
    h('button', { type: 'button', id: 'export-shadow-run',
      onclick: () => download(`/api/v1/shadowruns/${encodeURIComponent(id)}/export`, `shadowrun-${id}.json`) }, 'Export report (JSON)')),
    h('dl', { class: 'facts totals' },
      [['Cycles finished', summary.cycles], ['Workflows replayed', summary.workflowsReplayed],
        ['Mismatches', summary.mismatches], ['Golden records', summary.goldenRecorded],
        ['p50 / p99 ms', `${summary.timings.p50Millis} / ${summary.timings.p99Millis}`]]
        .map(([name, value]) => [h('dt', {}, name), h('dd', {}, String(value))]),
      h('dt', {}, 'Result'), h('dd', {}, summary.mismatches ? phase('MISMATCH') : phase('MATCH'))),
    h('h2', {}, 'Seeds × workers (latest cycle)'),
    grid(id, run.workers, view.seeds, chosenSeed),
    view.seedsCut ? h('p', { class: 'muted' }, `First ${view.seeds.length} seeds shown.`) : null,
    h('h2', {}, 'Mismatches'),
    view.mismatches.length ? h('table', { class: 'runs', id: 'mismatches' },
      h('thead', {}, h('tr', {}, ['Cycle', 'Seed', 'Worker', 'First diverging step', 'Expected', 'Actual', '']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, view.mismatches.map((m) => h('tr', { tabindex: 0 },
        h('td', {}, String(m.cycle)),
        h('td', {}, h('a', { href: `#/shadowruns/${encodeURIComponent(id)}?seed=${m.seed}` }, String(m.seed))),
        h('td', {}, m.firstDivergingWorker === null ? '—' : String(m.firstDivergingWorker)),
        h('td', {}, h('code', { class: 'diverging-step' }, m.firstDivergingStep)),
        h('td', {}, shortHash(m.expectedHash)),
        h('td', {}, shortHash(m.actualHash)),
        h('td', {}, h('a', { href: divergenceLink(id, m), class: 'divergence-link' }, 'Divergence »')))))) 
      : h('p', { class: 'muted' }, 'None: every iteration reproduced its hash.'));
  keyboardRows(app, '#mismatches tbody tr, .grid [role=gridcell]');
  const chosen = app.querySelector('.grid .chosen-row [role=gridcell]');
  if (chosen) chosen.focus();
}

function divergenceLink(id, seed) {
  return `#/shadowruns/${encodeURIComponent(id)}/divergence/${seed.cycle}/${seed.seed}`;
}

/**
 * One row a seed, one cell a worker: a diverged seed marks the worker of its first diverging
 * iteration. Cells say their outcome in text too.
 */
function grid(id, workers, seeds, chosenSeed) {
  const columns = Array.from({ length: workers }, (_, i) => i);
  return h('div', { class: 'grid', role: 'grid', 'aria-label': 'Seeds by workers', style: { '--workers': String(workers) } },
    h('div', { role: 'row', class: 'grid-row head' }, h('span', { role: 'columnheader' }, 'Seed'),
      columns.map((w) => h('span', { role: 'columnheader' }, `w${w}`))),
    seeds.map((seed) => h('div', { role: 'row', class: `grid-row${String(seed.seed) === chosenSeed ? ' chosen-row' : ''}`, dataset: { seed: String(seed.seed) } },
      h('span', { role: 'rowheader' }, String(seed.seed)),
      columns.map((w) => {
        const diverged = seed.mismatches > 0;
        const first = seed.firstDivergingWorker === w;
        const outcome = first ? 'first' : diverged ? 'diverged' : 'match';
        const label = first ? `≠ first divergence at ${seed.firstDivergingStep}`
          : diverged ? '≠ seed diverged' : '= reproduced';
        const cell = h(first ? 'a' : 'span', {
          role: 'gridcell', tabindex: 0, class: `cell cell-${outcome}`,
          title: `seed ${seed.seed}, worker ${w}: ${label}`, href: first ? divergenceLink(id, seed) : null,
        }, h('span', { 'aria-hidden': 'true' }, first ? '≠' : diverged ? '·' : '='), h('span', { class: 'sr-only' }, label));
        return cell;
      }))));
}

// A run's page: header, the step tree and its timeline in one list (only the visible rows are in
// the DOM, so 10,000 steps scroll as smoothly as ten), the step panel, and live refresh.
import { download, getJson, query, stream } from './api.js';
import { errorBox, fill, h, jsonBlock, phase, shortHash, time } from './dom.js';
import { axis, intervals } from './timeline.js';
import { replaceParams } from './url.js';

const ROW_HEIGHT = 28;
const OVERSCAN = 10;

export async function renderRun(runId, params) {
  const started = performance.now();
  const app = document.getElementById('app');
  const page = new RunPage(app, runId, params);
  await page.load();
  document.documentElement.dataset.runFetchedMs = String(Math.round(performance.now()));
  page.render();
  // How long until the list answers: from this view's start, and from the page's first byte.
  document.documentElement.dataset.runRenderMs = String(Math.round(performance.now() - started));
  document.documentElement.dataset.runInteractiveMs = String(Math.round(performance.now()));
  if (page.state.step) await page.openStep(page.state.step, page.state.attempt);
  page.startLive();
  return () => page.stopLive();
}

class RunPage {
  constructor(app, runId, params) {
    this.app = app;
    this.runId = runId;
    this.state = {
      q: params.get('q') || '',
      kind: params.get('kind') || '',
      outcome: params.get('outcome') || '',
      idle: params.get('idle') || 'collapse',
      step: params.get('step') || '',
      attempt: params.get('attempt') || '',
    };
    this.selected = -1;
    this.stopStream = null;
    this.paused = false;
  }

  async load() {
    this.tree = await getJson(`/api/v1/runs/${encodeURIComponent(this.runId)}`);
    // Times as numbers once, not at every repaint; the tree leaves out empty fields.
    for (const step of this.tree.steps) {
      step.failedAttempts ||= [];
      step.failedAttempts.forEach((a) => { a.atMs = Date.parse(a.at); });
      if (step.committedAt) {
        step.end = Date.parse(step.committedAt);
        step.start = step.end - (step.durationMs || 0);
      }
      if (step.until) step.untilMs = Date.parse(step.until);
    }
    this.filter();
  }

  /** The rows the search and filters keep. */
  filter() {
    const q = this.state.q.toLowerCase();
    this.rows = this.tree.steps.filter((step) =>
      (!q || step.path.toLowerCase().includes(q) || step.name.toLowerCase().includes(q))
      && (!this.state.kind || step.kind === this.state.kind)
      && matchesOutcome(step, this.state.outcome));
    const now = Date.now();
    const header = this.tree.header;
    const spans = intervals(this.tree.steps, now);
    const start = Date.parse(header.startedAt);
    const end = Math.max(header.finishedAt ? Date.parse(header.finishedAt) : now,
      ...spans.map((span) => span[1]), start + 1);
    this.axis = axis(start, end, spans, this.state.idle === 'collapse');
  }

  saveState() {
    replaceParams({ ...this.state, idle: this.state.idle === 'collapse' ? '' : this.state.idle });
  }

  render() {
    this.list = h('div', { class: 'steps-body', role: 'rowgroup' });
    this.spacer = h('div', { class: 'steps-spacer' }, this.list);
    this.viewport = h('div', {
      class: 'steps-viewport', tabindex: 0, role: 'grid', 'aria-label': 'Steps',
      'aria-rowcount': String(this.rows.length),
      onscroll: () => this.paint(), onkeydown: (event) => this.key(event),
    }, this.spacer);
    this.panel = h('aside', { class: 'step-panel', id: 'step-panel', 'aria-live': 'polite' },
      h('p', { class: 'muted' }, 'Select a step to see its attempts, input and output.'));
    this.count = h('p', { class: 'muted count', id: 'step-count' });
    this.header = header(this.tree.header);
    fill(this.app,
      this.header,
      this.toolbar(),
      h('div', { class: 'run-body' },
        h('section', { class: 'steps' },
          h('div', { class: 'steps-head', role: 'row' },
            ['Step', 'Kind', 'State', 'Attempts', 'Timeline'].map((c) => h('span', { role: 'columnheader' }, c))),
          this.viewport,
          this.count),
        this.panel));
    this.repaint();
  }

  /** Shows the current rows: after a filter changed, or the run moved on. */
  repaint() {
    this.viewport.setAttribute('aria-rowcount', String(this.rows.length));
    this.count.textContent = `${this.rows.length} of ${this.tree.steps.length} steps`;
    this.paint();
  }

  toolbar() {
    const kinds = [...new Set(this.tree.steps.map((s) => s.kind).filter(Boolean))].sort();
    const change = (name) => (event) => {
      this.state[name] = event.target.type === 'checkbox'
        ? (event.target.checked ? 'collapse' : 'show') : event.target.value;
      this.saveState();
      this.filter();
      this.repaint();
    };
    const running = this.tree.header.status === 'RUNNING';
    return h('div', { class: 'toolbar', role: 'search' },
      h('label', {}, 'Search path ',
        h('input', { type: 'search', id: 'step-search', value: this.state.q, placeholder: 'steps/3', oninput: debounce(change('q'), 150) })),
      h('label', {}, 'Kind ', h('select', { id: 'kind-filter', onchange: change('kind') },
        h('option', { value: '' }, 'Any'),
        kinds.map((k) => h('option', { value: k, selected: k === this.state.kind }, k)))),
      h('label', {}, 'Outcome ', h('select', { id: 'outcome-filter', onchange: change('outcome') },
        [['', 'Any'], ['committed', 'Committed'], ['retried', 'Retried'], ['inflight', 'In flight']]
          .map(([v, l]) => h('option', { value: v, selected: v === this.state.outcome }, l)))),
      h('label', {}, h('input', { type: 'checkbox', id: 'collapse-idle', checked: this.state.idle === 'collapse', onchange: change('idle') }),
        ' Collapse idle time'),
      running ? h('button', { type: 'button', id: 'live-toggle', 'aria-pressed': String(!this.paused),
        onclick: (event) => this.toggleLive(event.target) }, this.paused ? 'Resume live' : 'Pause live') : null,
      h('button', { type: 'button', id: 'export-run',
        onclick: () => download(`/api/v1/runs/${encodeURIComponent(this.runId)}/export`, `run-${this.runId}.json`) }, 'Export JSON'),
      h('form', { class: 'compare', onsubmit: (event) => {
        event.preventDefault();
        const other = new FormData(event.target).get('actual');
        location.hash = `#/compare${query({ expected: this.runId, actual: other })}`;
      } }, h('label', {}, 'Compare with run ', h('input', { name: 'actual', required: true, placeholder: 'run id' })),
      h('button', { type: 'submit' }, 'Compare')));
  }

  /** Renders the rows in view, and a few around them. */
  paint() {
    const total = this.rows.length;
    this.spacer.style.height = `${total * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const visible = Math.ceil((this.viewport.clientHeight || 600) / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(total, first + visible);
    this.list.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const rows = [];
    for (let i = first; i < last; i++) rows.push(this.row(this.rows[i], i));
    fill(this.list, rows);
  }

  row(step, index) {
    const depth = (step.path.match(/\//g) || []).length / 2;
    const selected = step.path === this.state.step;
    return h('div', {
      class: `step-row state-${step.state.toLowerCase()}${selected ? ' selected' : ''}`,
      role: 'row', 'aria-rowindex': String(index + 1), 'aria-selected': String(selected),
      dataset: { path: step.path }, onclick: () => this.select(index),
    },
    h('span', { class: 'step-name', style: { 'padding-left': `${depth * 12}px` }, title: step.path },
      h('code', {}, step.path), ` ${step.name}`),
    h('span', {}, step.kind || '—'),
    h('span', {}, phase(step.state)),
    h('span', { class: 'attempts' }, String(step.attempts)),
    this.bars(step));
  }

  /** One bar per attempt: failed attempts as ticks, the committed one as a bar, waits hatched. */
  bars(step) {
    const percent = (fraction) => `${(fraction * 100).toFixed(3)}%`;
    const marks = step.failedAttempts.map((a) =>
      h('span', { class: 'bar failed', style: { left: percent(this.axis.at(a.atMs)) }, title: `attempt ${a.attempt} failed: ${a.code}` }));
    if (step.end) {
      const left = this.axis.at(step.start);
      const width = Math.max(0.002, this.axis.at(step.end) - left);
      marks.push(h('span', { class: 'bar committed', style: { left: percent(left), width: percent(width) },
        title: `attempt ${step.attempts} committed in ${step.durationMs} ms` }));
    }
    if (step.untilMs) {
      const left = this.axis.at(Math.min(Date.now(), step.untilMs));
      const width = Math.max(0.004, this.axis.at(step.untilMs) - left);
      marks.push(h('span', { class: `bar wait ${step.state.toLowerCase()}`, style: { left: percent(left), width: percent(width) },
        title: `${step.state === 'WAITING' ? 'timer due' : 'next attempt due'} ${step.until}` }));
    }
    const gaps = this.axis.gaps.map((gap) => h('span', { class: 'gap', style: { left: percent(gap.x) }, title: 'idle time collapsed' }));
    return h('span', { class: 'timeline', role: 'gridcell' }, gaps, marks);
  }

  key(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 };
    if (event.key === 'Enter' && this.selected >= 0) {
      this.openStep(this.rows[this.selected].path);
      return;
    }
    if (!(event.key in moves) && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    let next = event.key === 'Home' ? 0 : event.key === 'End' ? this.rows.length - 1
      : Math.max(0, this.selected) + (this.selected < 0 ? 0 : moves[event.key]);
    next = Math.max(0, Math.min(this.rows.length - 1, next));
    this.selected = next;
    this.state.step = this.rows[next].path;
    const top = next * ROW_HEIGHT;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    if (top + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = top + ROW_HEIGHT - this.viewport.clientHeight;
    }
    this.saveState();
    this.paint();
  }

  select(index) {
    this.selected = index;
    this.openStep(this.rows[index].path);
  }

  async openStep(path, attempt = '', full = false) {
    this.state.step = path;
    this.state.attempt = attempt;
    this.saveState();
    const index = this.rows.findIndex((row) => row.path === path);
    if (index >= 0) {
      this.selected = index;
      const top = index * ROW_HEIGHT;
      if (top < this.viewport.scrollTop || top > this.viewport.scrollTop + this.viewport.clientHeight - ROW_HEIGHT) {
        this.viewport.scrollTop = Math.max(0, top - ROW_HEIGHT * 3);
      }
    }
    this.paint();
    try {
      const step = await getJson(`/api/v1/runs/${encodeURIComponent(this.runId)}/steps/${path}${full ? '?full=true' : ''}`);
      fill(this.panel, stepPanel(this.runId, step, attempt, () => this.openStep(path, attempt, true)));
      const marked = this.panel.querySelector('.attempt.selected');
      if (marked) marked.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      fill(this.panel, errorBox(error));
    }
  }

  startLive() {
    if (this.tree.header.status !== 'RUNNING' || this.paused) return;
    const refresh = debounce(async () => {
      await this.load();
      const fresh = header(this.tree.header);
      this.header.replaceWith(fresh);
      this.header = fresh;
      this.repaint();
    }, 250);
    this.stopStream = stream(`/api/v1/runs/${encodeURIComponent(this.runId)}/events`, (name) => {
      if (name === 'end') this.stopLive();
      refresh();
    });
  }

  stopLive() {
    if (this.stopStream) this.stopStream();
    this.stopStream = null;
  }

  toggleLive(button) {
    this.paused = !this.paused;
    if (this.paused) this.stopLive(); else this.startLive();
    button.textContent = this.paused ? 'Resume live' : 'Pause live';
    button.setAttribute('aria-pressed', String(!this.paused));
  }
}

function matchesOutcome(step, outcome) {
  switch (outcome) {
    case 'committed': return step.state === 'COMMITTED';
    case 'retried': return step.failedAttempts.length > 0;
    case 'inflight': return step.state !== 'COMMITTED';
    default: return true;
  }
}

function header(run) {
  const failedAt = run.failedStep
    ? h('a', { href: `#/runs/${encodeURIComponent(run.runId)}?step=${encodeURIComponent(run.failedStep)}` }, run.failedStep)
    : null;
  return h('section', { class: 'run-header', id: 'run-header' },
    h('h1', {}, 'Run ', h('code', {}, run.runId)),
    run.status === 'FAILED' ? h('div', { class: 'banner failed', role: 'alert', id: 'failure-banner' },
      h('strong', {}, `✗ Failed${run.errorCode ? ` with ${run.errorCode}` : ''}`),
      failedAt ? [' at step ', failedAt] : null, run.errorMessage ? `: ${run.errorMessage}` : '') : null,
    h('dl', { class: 'facts' },
      fact('Phase', phase(run.status)),
      fact('Workflow', `${run.namespace}/${run.workflow}`),
      fact('Type', run.workflowType),
      fact('Seed', String(run.seed)),
      fact('Workflow hash', run.workflowHash ? h('code', { id: 'workflow-hash' }, run.workflowHash) : h('span', { class: 'muted' }, 'not yet: the run has not ended')),
      fact('Definition hash', shortHash(run.definitionHash)),
      fact('Started', time(run.startedAt)),
      fact('Finished', time(run.finishedAt)),
      fact('Steps known', String(run.stepCount))),
    h('details', {}, h('summary', {}, 'Input'), jsonBlock('Input (canonical JSON)', run.input.text, `${run.runId}-input.json`),
      run.input.cut ? h('p', { class: 'cut' }, `Cut at ${run.input.text.length} of ${run.input.length} characters; the export holds it all.`) : null));
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}

function stepPanel(runId, step, selectedAttempt, loadAll) {
  const link = (n) => `#/runs/${encodeURIComponent(runId)}?step=${encodeURIComponent(step.path)}&attempt=${n}`;
  const payload = (label, value, suffix) => {
    if (!value) return null;
    return [jsonBlock(label, value.text, `${runId}-${step.path.replaceAll('/', '_')}-${suffix}.json`),
      value.cut ? h('p', { class: 'cut' }, `Cut at ${value.text.length} of ${value.length} characters. `,
        h('button', { type: 'button', class: 'load-all', onclick: loadAll }, 'Load all')) : null];
  };
  return [
    h('h2', {}, step.name, ' ', h('code', {}, step.path)),
    h('dl', { class: 'facts' },
      fact('Kind', step.kind || '—'),
      ...(step.plugin ? [fact('Plugin', h('code', { id: 'step-plugin' }, step.plugin))] : []),
      fact('Step hash', step.stepHash ? h('code', { id: 'step-hash' }, step.stepHash) : h('span', { class: 'muted' }, 'not committed yet'))),
    h('h3', {}, 'Attempts'),
    h('ol', { class: 'attempts-list' }, step.attempts.map((a) =>
      h('li', { class: `attempt ${a.outcome.toLowerCase()}${String(a.number) === String(selectedAttempt) ? ' selected' : ''}`, dataset: { attempt: String(a.number) } },
        h('a', { href: link(a.number) }, `Attempt ${a.number}`), ' ',
        a.outcome === 'FAILED' ? h('span', { class: 'phase phase-failed' }, '✗ Failed') : phase('COMMITTED'),
        a.code ? [' ', h('code', { class: 'code' }, a.code), ` (${a.category}, ${a.recovery})`] : null,
        a.injected ? h('span', { class: 'tag' }, 'injected') : null,
        h('div', {}, time(a.at), a.retryAt ? [' — next attempt due ', time(a.retryAt)] : null),
        a.message ? h('div', { class: 'message' }, a.message) : null))),
    payload('Input', step.input, 'input'),
    payload('Output', step.output, 'output'),
    payload('External results', step.external, 'external'),
  ];
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

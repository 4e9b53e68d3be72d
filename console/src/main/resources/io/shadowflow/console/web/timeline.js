// The time axis of a run's timeline: instants to fractions of the bar width. With idle time
// collapsed, every stretch in which no step of the run was active shrinks to a thin gap, so a run
// that waited a day for a timer still shows its seconds of work.

const GAP = 0.01; // width of a collapsed idle stretch, as a fraction of the axis

/**
 * The busy intervals of {@code steps}, in epoch milliseconds: committed attempts ({@code start} to
 * {@code end}), failed ones ({@code atMs}) and waits (to {@code untilMs}).
 */
export function intervals(steps, now) {
  const spans = [];
  for (const step of steps) {
    if (step.end) spans.push([step.start, step.end]);
    for (const failed of step.failedAttempts) spans.push([failed.atMs, failed.atMs]);
    if (step.untilMs) spans.push([Math.min(now, step.untilMs), step.untilMs]);
  }
  return spans;
}

/**
 * A mapping from instants to [0, 1] over [{@code start}, {@code end}]; with {@code collapse},
 * idle stretches longer than {@code minIdle} ms take {@link GAP} each.
 */
export function axis(start, end, spans, collapse, minIdle = 1000) {
  const span = Math.max(1, end - start);
  if (!collapse) return { at: (t) => (t - start) / span, gaps: [] };
  const merged = [];
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && from - last[1] <= minIdle) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const idle = [];
  let cursor = start;
  for (const [from, to] of merged) {
    if (from - cursor > minIdle) idle.push([cursor, from]);
    cursor = Math.max(cursor, to);
  }
  if (end - cursor > minIdle) idle.push([cursor, end]);
  const idleTotal = idle.reduce((sum, [from, to]) => sum + (to - from), 0);
  const busy = Math.max(1, span - idleTotal);
  const busyWidth = Math.max(0.05, 1 - GAP * idle.length);
  const at = (t) => {
    let x = 0;
    let last = start;
    for (const [from, to] of idle) {
      if (t <= from) break;
      x += (Math.min(t, from) - last) / busy * busyWidth;
      if (t < to) return x + (t - from) / (to - from) * GAP;
      x += GAP;
      last = to;
    }
    return x + (t - last) / busy * busyWidth;
  };
  return { at, gaps: idle.map(([from, to]) => ({ from, to, x: at(from) })) };
}

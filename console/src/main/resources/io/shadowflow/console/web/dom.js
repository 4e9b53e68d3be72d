// Small helpers to build the DOM without innerHTML: every text goes in as text, never as markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'style') {
      // Through the CSSOM: the Content-Security-Policy refuses style attributes.
      for (const [property, text] of Object.entries(value)) element.style.setProperty(property, text);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the content of {@code element}. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const PHASES = {
  RUNNING: { icon: '▶', label: 'Running' },
  SUCCEEDED: { icon: '✓', label: 'Succeeded' },
  FAILED: { icon: '✗', label: 'Failed' },
  COMMITTED: { icon: '✓', label: 'Committed' },
  RETRYING: { icon: '↻', label: 'Retrying' },
  WAITING: { icon: '⏸', label: 'Waiting' },
  MATCH: { icon: '=', label: 'Reproduced' },
  MISMATCH: { icon: '≠', label: 'Diverged' },
};

/** A phase as icon and word, coloured too: never by colour alone. */
export function phase(name) {
  const known = PHASES[name] || { icon: '•', label: name };
  return h('span', { class: `phase phase-${name.toLowerCase()}` },
    h('span', { 'aria-hidden': 'true' }, known.icon), ` ${known.label}`);
}

export function shortHash(hash) {
  return hash ? h('code', { title: hash, class: 'hash' }, hash.slice(0, 12)) : h('span', { class: 'muted' }, '—');
}

export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso }, iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'));
}

export function errorBox(error) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Error: '), error.message);
}

/** Canonical JSON shown with a copy button and a download link. */
export function jsonBlock(label, text, fileName) {
  const copy = h('button', {
    type: 'button',
    onclick: async () => {
      await navigator.clipboard.writeText(text);
      copy.textContent = 'Copied';
    },
  }, 'Copy');
  const download = h('a', {
    href: URL.createObjectURL(new Blob([text], { type: 'application/json' })),
    download: fileName,
  }, 'Download');
  return h('section', { class: 'json' },
    h('header', {}, h('h4', {}, label), copy, download),
    h('pre', {}, text));
}

/** Moves focus among {@code rows} with the arrow keys, Home and End. */
export function keyboardRows(container, rowSelector) {
  container.addEventListener('keydown', (event) => {
    const rows = [...container.querySelectorAll(rowSelector)];
    const index = rows.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, next))].focus();
  });
}

// The console's only way to the data: the JSON API of the same server. In a cluster each request
// carries the reader's Kubernetes token (kept for this tab only), or an authenticating proxy in
// front adds it; on a workstation there is none.

const TOKEN = 'shadowflow.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function signIn(token) {
  sessionStorage.setItem(TOKEN, token.trim());
}

function authorization() {
  const token = sessionStorage.getItem(TOKEN);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function send(path, accept) {
  const response = await fetch(path, { headers: { Accept: accept, ...authorization() } });
  if (!response.ok) {
    const text = await response.text();
    let message = response.statusText;
    try { message = JSON.parse(text).error || message; } catch { /* not JSON: keep the status */ }
    throw new ApiError(response.status, message);
  }
  return response;
}

export async function getJson(path) {
  return (await send(path, 'application/json')).json();
}

/** Saves what {@code path} answers as a file: links cannot carry the token, fetch can. */
export async function download(path, fileName) {
  const blob = await (await send(path, 'application/json')).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/**
 * Reads server-sent events from {@code path}, calling {@code onEvent(name, data)} for each; an
 * EventSource cannot send the token. Returns a function that stops reading.
 */
export function stream(path, onEvent) {
  const controller = new AbortController();
  (async () => {
    const response = await fetch(path, {
      headers: { Accept: 'text/event-stream', ...authorization() }, signal: controller.signal,
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = (block.match(/^event: ?(.*)$/m) || [])[1] || 'message';
        const data = block.split('\n').filter((line) => line.startsWith('data:'))
          .map((line) => line.replace(/^data: ?/, '')).join('\n');
        if (data) onEvent(name, JSON.parse(data));
      }
    }
  })().catch((error) => { if (error.name !== 'AbortError') console.warn('live stream ended', error); });
  return () => controller.abort();
}

/** A query string of the set values only. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.filter(Boolean).forEach((v) => search.append(name, v));
    } else if (value !== undefined && value !== null && value !== '') {
      search.set(name, value);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// The fragment's parameters: where each view keeps its state.

/** Changes only the fragment's parameters, without a new history entry or a new render. */
export function replaceParams(params) {
  const [path] = location.hash.split('?');
  const text = new URLSearchParams(
    Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== ''),
  ).toString();
  history.replaceState(null, '', text ? `${path}?${text}` : path);
}

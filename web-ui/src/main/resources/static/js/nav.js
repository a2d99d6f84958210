/** Routes keep their filters in the hash, so a filtered page can be bookmarked and reloaded. */
export function navigate(name, arg, params) {
  const query = params && String(params) ? `?${params}` : '';
  const target = `#/${name}${arg ? `/${encodeURIComponent(arg)}` : ''}${query}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}

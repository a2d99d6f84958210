// Builds DOM from data. Strings always become text nodes (textContent), never markup: a run named
// "<script>alert(1)</script>" shows those characters. Nothing in the dashboard uses innerHTML.

/** el('td', {className: 'num'}, 'text', childNode, ...): attributes are properties, children text or nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const fixed = (value, digits = 2) => (value == null || Number.isNaN(Number(value)) ? '' : Number(value).toFixed(digits));

export function signed(value, digits = 2) {
  if (value == null) return '';
  const text = Number(value).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

/** A table whose header cells can be clicked to sort the rows on the page (client side). */
export function table(columns, rows, { id, caption, sortable = false } = {}) {
  const tbody = el('tbody');
  const head = el('tr');
  let sortKey = null;
  let ascending = true;
  const render = () => {
    const ordered = sortKey == null ? rows : [...rows].sort((a, b) => compare(sortValue(a, sortKey), sortValue(b, sortKey), ascending));
    tbody.replaceChildren(...ordered.map((row) => el('tr', { dataset: row.__data ?? {} },
      columns.map((c) => {
        const value = c.render ? c.render(row) : row[c.key];
        return el('td', { className: c.num ? 'num' : c.className ?? null }, value);
      }))));
  };
  for (const c of columns) {
    const th = el('th', { scope: 'col' }, c.title);
    if (sortable && c.sort !== false) {
      th.className = 'sortable';
      th.tabIndex = 0;
      const sortBy = () => {
        ascending = sortKey === c ? !ascending : true;
        sortKey = c;
        head.querySelectorAll('th').forEach((h) => h.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        render();
      };
      th.addEventListener('click', sortBy);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter') sortBy(); });
    }
    head.append(th);
  }
  render();
  return el('table', { id }, caption ? el('caption', {}, caption) : null, el('thead', {}, head), tbody);
}

function sortValue(row, column) {
  return column.sortValue ? column.sortValue(row) : row[column.key];
}

function compare(a, b, ascending) {
  const missing = (v) => v == null || v === '';
  if (missing(a) && missing(b)) return 0;
  if (missing(a)) return 1; // blanks last either way
  if (missing(b)) return -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
  return ascending ? order : -order;
}

/** A link inside the dashboard (hash route). */
export const link = (route, text) => el('a', { href: `#${route}` }, text);

export function progressBar(progress) {
  const total = progress?.totalIterations ?? 0;
  const done = progress?.iteration ?? 0;
  const percent = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  return el('span', { className: 'progress' },
    el('progress', { max: Math.max(total, 1), value: done, title: `${done} / ${total}` }),
    el('span', { className: 'muted' }, total > 0 ? ` ${percent.toFixed(0)}%` : ''));
}

export const statusBadge = (status) => el('span', { className: `status status-${status}` }, status ?? '');

/** Text inputs and selects of a filter form as query parameters (empty ones left out). */
export function formParams(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (String(value).trim() !== '') params.append(key, String(value).trim());
  }
  return params;
}

export function labelled(text, input) {
  return el('label', { className: 'field' }, el('span', {}, text), input);
}

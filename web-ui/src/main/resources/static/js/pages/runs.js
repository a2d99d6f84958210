// The run list: server-side filters and paging (the API never returns more than a page), status
// and progress bars, refreshed every few seconds for the page on screen only.
import { get } from '../api.js';
import { el, fixed, when, table, link, progressBar, statusBadge, formParams, labelled } from '../dom.js';
import { navigate } from '../nav.js';
import { select } from './leaderboard.js';

const STATUSES = ['', 'QUEUED', 'DISPATCHED', 'RUNNING', 'PAUSING', 'PAUSED', 'EVALUATING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const FILTERS = ['name', 'dataset', 'backbone', 'norm'];
const PAGE_SIZE = 50;
const REFRESH_MS = 3000;

export async function render(view, { params }) {
  const page = Number(params.get('page') ?? 0);
  const form = el('form', { id: 'run-filters', className: 'filters' },
    labelled('status', select('status', STATUSES, params.get('status') ?? '')),
    FILTERS.map((f) => labelled(f, el('input', { name: f, value: params.get(f) ?? '', size: 14 }))),
    el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => { e.preventDefault(); navigate('runs', null, formParams(form)); });
  const holder = el('div');
  const summary = el('p', { className: 'muted', id: 'runs-summary' });
  const pager = el('div', { className: 'pager' });
  view.replaceChildren(el('h2', {}, 'Runs'), form, summary, holder, pager);

  const query = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
  for (const f of ['status', ...FILTERS]) if (params.get(f)) query.set(f, params.get(f));
  const refresh = async () => {
    const result = await get('experiments', query);
    summary.textContent = `${result.totalElements} runs match, newest first.`;
    holder.replaceChildren(table([
      { title: 'name', key: 'name', render: (r) => link(`/run/${r.id}`, r.name) },
      { title: 'status', key: 'status', render: (r) => statusBadge(r.status) },
      { title: 'progress', key: 'progress', sort: false, render: (r) => progressBar(r.progress) },
      { title: 'backbone', key: 'backbone', render: (r) => r.spec?.backbone },
      { title: 'norm', key: 'norm', render: (r) => r.spec?.norm },
      { title: 'loss', key: 'loss', num: true, sortValue: (r) => r.progress?.loss, render: (r) => fixed(r.progress?.loss, 4) },
      { title: 'img/s', key: 'ips', num: true, sortValue: (r) => r.progress?.imagesPerSecond, render: (r) => fixed(r.progress?.imagesPerSecond, 0) },
      { title: 'attempt', key: 'attempt', num: true },
      { title: 'created', key: 'createdAt', render: (r) => when(r.createdAt) },
    ], result.content.map((r) => ({ ...r, __data: { runId: r.id } })), { id: 'runs', sortable: true }));
    const goto = (p) => { const next = new URLSearchParams(params); next.set('page', String(p)); navigate('runs', null, next); };
    pager.replaceChildren(
      el('button', { disabled: page <= 0, onclick: () => goto(page - 1) }, '‹ newer'),
      ` page ${page + 1} of ${Math.max(1, result.totalPages)} `,
      el('button', { disabled: page + 1 >= result.totalPages, onclick: () => goto(page + 1) }, 'older ›'));
  };
  await refresh();
  const timer = setInterval(() => refresh().catch(console.error), REFRESH_MS);
  return () => clearInterval(timer);
}

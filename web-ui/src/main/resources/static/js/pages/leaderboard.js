// Leaderboards per (task, dataset, metric): our runs ranked by the API (server-side filters and
// paging), each beside the paper row that describes it, and the paper rows with our best result.
import { get } from '../api.js';
import { el, fixed, signed, table, link, formParams, labelled } from '../dom.js';
import { navigate } from '../nav.js';

const METRICS = {
  classification: ['top1Error', 'top5Error', 'imagesPerSecond'],
  detection: ['boxAp', 'boxAp50', 'boxAp75', 'maskAp', 'maskAp50', 'maskAp75'],
};
const PAPER_DATASETS = ['imagenet', 'coco'];
const FILTERS = ['backbone', 'norm', 'normBatchSize', 'batchSize', 'tag'];
export const PAGE_SIZE = 25;

export async function datasetNames() {
  // Retired datasets take no new runs, but their leaderboards remain.
  const registered = (await get('datasets', new URLSearchParams({ retired: 'true' }))).map((d) => d.name);
  return [...new Set([...registered, ...PAPER_DATASETS])];
}

export async function render(view, { params }) {
  const datasets = await datasetNames();
  const dataset = params.get('dataset') ?? datasets[0];
  const task = params.get('task') ?? (dataset === 'coco' ? 'detection' : 'classification');
  const metric = params.get('metric') ?? METRICS[task][0];
  const page = Number(params.get('page') ?? 0);

  const query = new URLSearchParams({ task, metric, page: String(page), size: String(PAGE_SIZE) });
  for (const f of FILTERS) for (const v of params.getAll(f)) query.append(f, v);
  const board = await get(`leaderboards/${encodeURIComponent(dataset)}`, query);

  const form = el('form', { id: 'leaderboard-filters', className: 'filters' },
    labelled('dataset', select('dataset', datasets, dataset)),
    labelled('task', select('task', Object.keys(METRICS), task)),
    labelled('metric', select('metric', METRICS[task], metric)),
    FILTERS.map((f) => labelled(f, el('input', { name: f, value: params.get(f) ?? '', size: 12 }))),
    el('button', { type: 'submit' }, 'Filter'),
    el('button', { type: 'button', onclick: () => navigate('leaderboard', null, new URLSearchParams({ dataset })) }, 'Clear'));
  form.addEventListener('submit', (e) => { e.preventDefault(); navigate('leaderboard', null, formParams(form)); });
  form.elements.task.addEventListener('change', () => { form.elements.metric.value = ''; form.requestSubmit(); });
  form.elements.dataset.addEventListener('change', () => form.requestSubmit());

  const unit = board.unit ? ` (${board.unit})` : '';
  const ours = board.rows.map((r) => ({ ...r, paper: r.reference?.paper, delta: r.reference?.delta, __data: { runId: r.runId } }));
  const oursTable = table([
    { title: '#', key: 'rank', num: true },
    { title: 'run', key: 'name', render: (r) => link(`/run/${r.runId}`, r.name) },
    { title: 'origin', key: 'origin' },
    { title: 'backbone', key: 'backbone' },
    { title: 'norm', key: 'norm' },
    { title: 'norm batch', key: 'normBatchSize', num: true },
    { title: 'batch', key: 'batchSize', num: true },
    { title: `${board.metric}${unit}`, key: 'value', num: true, render: (r) => fixed(r.value) },
    { title: 'top-1 err', key: 'top1Error', num: true, render: (r) => fixed(r.top1Error) },
    { title: 'top-5 err', key: 'top5Error', num: true, render: (r) => fixed(r.top5Error) },
    { title: 'paper', key: 'paper', num: true, render: (r) => fixed(r.paper) },
    { title: 'Δ ours − paper', key: 'delta', num: true, render: (r) => deltaCell(r.delta, board.lowerIsBetter) },
    { title: 'tags', key: 'tags', render: (r) => (r.tags ?? []).join(' ') },
    { title: 'config', key: 'configHash', render: (r) => el('code', { title: r.configHash }, (r.configHash ?? '').slice(0, 10)) },
  ], ours, { id: 'leaderboard', sortable: true });

  const references = (board.references ?? []).map((r) => ({ ...r, __data: { table: r.table, row: r.row } }));
  const refTable = table([
    { title: 'table', key: 'title' },
    { title: 'row', key: 'label' },
    { title: 'kind', key: 'kind' },
    { title: 'backbone', key: 'backbone' },
    { title: 'norm', key: 'norm' },
    { title: 'norm batch', key: 'normBatchSize', num: true },
    { title: 'paper', key: 'paper', num: true, render: (r) => fixed(r.paper) },
    { title: 'ours', key: 'ours', num: true, render: (r) => (r.oursRunId ? link(`/run/${r.oursRunId}`, fixed(r.ours)) : '—') },
    { title: 'Δ ours − paper', key: 'delta', num: true, render: (r) => deltaCell(r.delta, board.lowerIsBetter) },
  ], references, { id: 'references', sortable: true });

  const pages = Math.max(1, Math.ceil(board.total / PAGE_SIZE));
  const goto = (p) => { const next = new URLSearchParams(params); next.set('page', String(p)); navigate('leaderboard', null, next); };
  view.replaceChildren(
    el('h2', {}, `Leaderboard: ${board.dataset} · ${board.task} · ${board.metric}${unit}`),
    form,
    el('p', { className: 'muted', id: 'leaderboard-summary' },
      `${board.total} runs match; ${board.lowerIsBetter ? 'lower' : 'higher'} is better. Ranked by the API; clicking a column sorts this page.`),
    oursTable,
    el('div', { className: 'pager' },
      el('button', { disabled: page <= 0, onclick: () => goto(page - 1) }, '‹ previous'),
      ` page ${page + 1} of ${pages} `,
      el('button', { disabled: page + 1 >= pages, onclick: () => goto(page + 1) }, 'next ›')),
    el('h3', {}, 'Paper rows beside ours'),
    references.length ? refTable : el('p', { className: 'muted' }, 'No paper table reports this metric on this dataset.'));
}

export function select(name, options, value) {
  const s = el('select', { name });
  for (const o of options) s.add(new Option(o, o, false, o === value));
  return s;
}

/** The delta coloured by whether ours is better than the paper. */
export function deltaCell(delta, lowerIsBetter) {
  if (delta == null) return '';
  const better = lowerIsBetter ? delta <= 0 : delta >= 0;
  return el('span', { className: better ? 'better' : 'worse' }, signed(delta));
}

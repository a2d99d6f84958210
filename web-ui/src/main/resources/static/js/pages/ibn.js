// The IBN-Net table (paper vs ours): every row of the IBN-Net ImageNet table with its top-1 and
// top-5 error, our best matching run and the deltas.
import { get } from '../api.js';
import { el, fixed, table, link, labelled } from '../dom.js';
import { navigate } from '../nav.js';
import { datasetNames, select, deltaCell } from './leaderboard.js';

export async function render(view, { params }) {
  const datasets = await datasetNames();
  const dataset = params.get('dataset') ?? (datasets.includes('imagenet') ? 'imagenet' : datasets[0]);
  const [top1, top5] = await Promise.all(['top1Error', 'top5Error'].map((metric) =>
    get(`leaderboards/${encodeURIComponent(dataset)}`, new URLSearchParams({ task: 'classification', metric, size: '1' }))));
  const isIbn = (r) => /ibn/i.test(`${r.table} ${r.title}`);
  const byRow = new Map();
  for (const r of top1.references.filter(isIbn)) byRow.set(`${r.table}/${r.row}`, { ...r, top1: r });
  for (const r of top5.references.filter(isIbn)) {
    const entry = byRow.get(`${r.table}/${r.row}`) ?? { ...r };
    entry.top5 = r;
    byRow.set(`${r.table}/${r.row}`, entry);
  }
  const rows = [...byRow.values()];
  const pick = select('dataset', datasets, dataset);
  pick.addEventListener('change', () => navigate('ibn', null, new URLSearchParams({ dataset: pick.value })));
  const ours = (ref) => (ref?.oursRunId ? link(`/run/${ref.oursRunId}`, fixed(ref.ours)) : '—');
  view.replaceChildren(
    el('h2', {}, `IBN-Net ImageNet table: paper vs ours (${dataset})`),
    el('div', { className: 'filters' }, labelled('dataset', pick)),
    rows.length === 0 ? el('p', { className: 'muted' }, `No IBN-Net table rows report on ${dataset}; the paper's table is on imagenet.`) : table([
      { title: 'model', key: 'label' },
      { title: 'backbone', key: 'backbone' },
      { title: 'norm', key: 'norm' },
      { title: 'paper top-1', key: 'p1', num: true, sortValue: (r) => r.top1?.paper, render: (r) => fixed(r.top1?.paper) },
      { title: 'ours top-1', key: 'o1', num: true, sortValue: (r) => r.top1?.ours, render: (r) => ours(r.top1) },
      { title: 'Δ top-1', key: 'd1', num: true, sortValue: (r) => r.top1?.delta, render: (r) => deltaCell(r.top1?.delta, true) },
      { title: 'paper top-5', key: 'p5', num: true, sortValue: (r) => r.top5?.paper, render: (r) => fixed(r.top5?.paper) },
      { title: 'ours top-5', key: 'o5', num: true, sortValue: (r) => r.top5?.ours, render: (r) => ours(r.top5) },
      { title: 'Δ top-5', key: 'd5', num: true, sortValue: (r) => r.top5?.delta, render: (r) => deltaCell(r.top5?.delta, true) },
      { title: 'source', key: 'source' },
    ], rows, { id: 'ibn-table', sortable: true }),
    el('p', { className: 'muted' }, 'Errors in %. "Ours" is the best run of ours the API matches to the row (same backbone and norm).'));
}

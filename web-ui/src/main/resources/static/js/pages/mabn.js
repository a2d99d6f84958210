// The MABN figure: top-1 error against normalization batch size, one line per norm, from the runs
// on the leaderboard, with the MABN paper's ImageNet rows as dashed lines where they apply.
import { get } from '../api.js';
import { el, fixed, table, link, labelled } from '../dom.js';
import { lineChart } from '../chart.js';
import { navigate } from '../nav.js';
import { datasetNames, select } from './leaderboard.js';

/** The figure reads the 200 best-ranked runs (the API's page limit): the best per point is among them. */
const ROWS = 200;

export async function render(view, { params }) {
  const datasets = await datasetNames();
  const dataset = params.get('dataset') ?? datasets[0];
  const board = await get(`leaderboards/${encodeURIComponent(dataset)}`,
    new URLSearchParams({ task: 'classification', metric: 'top1Error', size: String(ROWS) }));

  const best = new Map(); // norm -> normBatchSize -> best row
  for (const row of board.rows) {
    const byBatch = best.get(row.norm) ?? new Map();
    const current = byBatch.get(row.normBatchSize);
    if (!current || row.top1Error < current.top1Error) byBatch.set(row.normBatchSize, row);
    best.set(row.norm, byBatch);
  }
  const ours = [...best.entries()].sort().map(([norm, byBatch]) => ({
    name: `${norm} (ours)`,
    points: [...byBatch.values()].map((r) => ({ x: r.normBatchSize, y: r.top1Error })),
  }));
  const paperByNorm = new Map();
  for (const r of board.references ?? []) {
    // The MABN table, or our own measured baseline; other tables (IBN-Net's) are not about batch size.
    if (r.normBatchSize == null || !(/mabn/i.test(r.table) || r.kind === 'measured')) continue;
    const key = `${r.norm} (${r.kind})`; // kind: paper, or measured (our own published baseline)
    const points = paperByNorm.get(key) ?? [];
    points.push({ x: r.normBatchSize, y: r.paper });
    paperByNorm.set(key, points);
  }
  const paper = [...paperByNorm.entries()].map(([name, points]) => ({ name, points, dashed: true }));

  const pick = select('dataset', datasets, dataset);
  pick.addEventListener('change', () => navigate('mabn', null, new URLSearchParams({ dataset: pick.value })));
  const points = [...best.values()].flatMap((m) => [...m.values()]);
  view.replaceChildren(
    el('h2', {}, `MABN: top-1 error vs normalization batch size (${dataset})`),
    el('div', { className: 'filters' }, labelled('dataset', pick)),
    lineChart([...ours, ...paper], { id: 'mabn-figure', title: 'top-1 error (%) by normalization batch size',
      xLabel: 'normalization batch size (log scale)', yLabel: 'top-1 error %', logX: true, width: 720, height: 360 }),
    el('p', { className: 'muted' },
      `Each solid point is our best run for that norm and normalization batch size among the ${ROWS} best-ranked runs on ${dataset}; dashed lines are the MABN paper's ImageNet rows (on imagenet) or our published Fashion-MNIST baseline (on fashion-mnist).`),
    table([
      { title: 'norm', key: 'norm' },
      { title: 'norm batch', key: 'normBatchSize', num: true },
      { title: 'batch', key: 'batchSize', num: true },
      { title: 'top-1 err', key: 'top1Error', num: true, render: (r) => fixed(r.top1Error) },
      { title: 'run', key: 'name', render: (r) => link(`/run/${r.runId}`, r.name) },
    ], points, { id: 'mabn-points', sortable: true }));
}

// A sweep: the grid backbones × norms × batch sizes, one ordinary submission per cell (with an
// idempotency key per cell, so a retried sweep creates nothing twice), then the cells' runs listed.
import { get, post } from '../api.js';
import { el, fixed, link, table, labelled, progressBar, statusBadge } from '../dom.js';
import { problemBox, allowedText } from '../problems.js';
import { select } from './leaderboard.js';

const MAX_CELLS = 100;
const REFRESH_MS = 3000;

const list = (text) => text.split(',').map((t) => t.trim()).filter(Boolean);

export async function render(view) {
  // The form builds classification specs: a detection dataset (coco-shapes) would be refused.
  const datasets = (await get('datasets')).filter((d) => d.task === 'classification').map((d) => d.name);
  const input = (name, value, hint) => el('input', { name, value, placeholder: hint, size: 28 });
  const form = el('form', { id: 'sweep-form', className: 'spec-form', noValidate: true },
    labelled('name prefix', input('prefix', 'sweep', '')),
    labelled('dataset', select('dataset', datasets, datasets[0])),
    labelled('backbones', input('backbones', 'resnet10', 'comma-separated')),
    labelled('norms', input('norms', 'bn, mabn', 'comma-separated')),
    labelled('batch sizes', input('sizes', '2, 8, 32', 'comma-separated')),
    labelled('the batch sizes are', select('vary', ['normBatchSize', 'batchSize'], 'normBatchSize')),
    labelled('SGD batch size (when varying the norm batch)', input('batchSize', '32', '')),
    labelled('base width', input('baseWidth', '16', '')),
    labelled('iterations', input('iterations', '100', '')),
    labelled('learning rate', input('lr', '0.1', '')),
    el('div', { className: 'actions' }, el('button', { type: 'submit' }, 'Submit the grid')));
  const outcome = el('div', { id: 'sweep-outcome' });
  let timer = null;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearInterval(timer);
    const f = form.elements;
    const cells = [];
    for (const backbone of list(f.backbones.value)) for (const norm of list(f.norms.value)) for (const size of list(f.sizes.value)) cells.push({ backbone, norm, size });
    if (cells.length === 0 || cells.length > MAX_CELLS) {
      outcome.replaceChildren(el('div', { className: 'problem', role: 'alert' }, `The grid has ${cells.length} cells; it needs 1 to ${MAX_CELLS}.`));
      return;
    }
    const sweepId = crypto.randomUUID().slice(0, 8);
    const prefix = `${f.prefix.value.trim() || 'sweep'} ${sweepId}`;
    const number = (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);
    const results = [];
    for (const [i, cell] of cells.entries()) {
      const varyNorm = f.vary.value === 'normBatchSize';
      const spec = {
        name: `${prefix} ${cell.backbone} ${cell.norm} @${cell.size}`, dataset: f.dataset.value, backbone: cell.backbone, norm: cell.norm,
        baseWidth: number(f.baseWidth.value), batchSize: number(varyNorm ? f.batchSize.value : cell.size), normBatchSize: number(cell.size),
        iterations: number(f.iterations.value), optimizer: { lr: number(f.lr.value) }, tags: [`sweep:${sweepId}`],
      };
      try {
        const answer = await post('experiments', spec, { idempotencyKey: `sweep-${sweepId}-${i}` });
        results.push({ ...cell, outcome: answer.headers.get('Deduplicated') === 'true' ? 'linked (identical run completed)' : 'submitted', runId: answer.body.id });
      } catch (error) {
        if (error.status === 401 || error.status === 403) { outcome.replaceChildren(problemBox(error)); return; }
        results.push({ ...cell, outcome: error.fieldErrors.map((x) => `${x.field}: ${x.message} ${allowedText(x.allowed)}`).join('; ') || error.message });
      }
    }
    const draw = async () => {
      const runs = await get('experiments', new URLSearchParams({ name: prefix, size: String(MAX_CELLS) }));
      const byId = new Map(runs.content.map((r) => [r.id, r]));
      const rows = results.map((r) => ({ ...r, run: byId.get(r.runId) }));
      outcome.replaceChildren(el('p', {}, `Sweep ${sweepId}: ${cells.length} cells, tagged sweep:${sweepId}.`),
        table([
          { title: 'backbone', key: 'backbone' }, { title: 'norm', key: 'norm' }, { title: f.vary.value, key: 'size', num: true },
          { title: 'submission', key: 'outcome' },
          { title: 'run', key: 'runId', render: (r) => (r.runId ? link(`/run/${r.runId}`, r.run?.name ?? r.runId) : '') },
          { title: 'status', key: 'status', sortValue: (r) => r.run?.status, render: (r) => (r.run ? statusBadge(r.run.status) : '') },
          { title: 'progress', key: 'p', sort: false, render: (r) => (r.run ? progressBar(r.run.progress) : '') },
          { title: 'loss', key: 'loss', num: true, sortValue: (r) => r.run?.progress?.loss, render: (r) => fixed(r.run?.progress?.loss, 4) },
        ], rows, { id: 'sweep-results', sortable: true }));
    };
    await draw().catch((error) => outcome.replaceChildren(problemBox(error)));
    timer = setInterval(() => draw().catch(console.error), REFRESH_MS);
  });
  view.replaceChildren(el('h2', {}, 'Sweep'), el('p', { className: 'muted' }, `One submission per cell of the grid (at most ${MAX_CELLS}); the runs are listed below as they train.`), form, outcome);
  return () => clearInterval(timer);
}

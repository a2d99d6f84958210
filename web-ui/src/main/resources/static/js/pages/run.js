// One run: live loss, learning-rate and throughput curves over SSE, its events and checkpoints,
// the spec as dispatched with its config hash, and the control actions (with the API token).
import { get, post, stream } from '../api.js';
import { el, fixed, when, table, progressBar, statusBadge } from '../dom.js';
import { lineChart } from '../chart.js';
import { problemBox } from '../problems.js';

const CURVES = [
  { id: 'loss-chart', key: 'loss', title: 'training loss', yLabel: 'loss' },
  { id: 'lr-chart', key: 'lr', title: 'learning rate', yLabel: 'lr' },
  { id: 'throughput-chart', key: 'imagesPerSecond', title: 'throughput', yLabel: 'images/s' },
];
const ACTIONS = { cancel: ['QUEUED', 'DISPATCHED', 'RUNNING', 'PAUSING', 'PAUSED', 'EVALUATING'], pause: ['QUEUED', 'DISPATCHED', 'RUNNING'], resume: ['PAUSED'] };

export async function render(view, { arg: id }) {
  const points = new Map(); // iteration -> point: the stream and the history merge without duplicates
  const charts = el('div', { className: 'charts' });
  const header = el('div');
  const details = el('div');
  const live = el('span', { id: 'live-state', className: 'muted' }, 'connecting…');
  const feedback = el('div', { id: 'action-feedback' });
  view.replaceChildren(header, el('h3', {}, 'Curves ', live), charts, feedback, details);

  const drawCharts = () => {
    const sorted = [...points.values()].sort((a, b) => a.iteration - b.iteration);
    charts.replaceChildren(...CURVES.map((c) => lineChart([{ name: c.key, points: sorted.map((p) => ({ x: p.iteration, y: p[c.key] })) }],
      { id: c.id, title: c.title, xLabel: 'iteration', yLabel: c.yLabel })));
    charts.dataset.points = String(sorted.length);
  };
  let pending = null; // redraw at most every 250 ms however fast points arrive
  const scheduleDraw = () => { pending ??= setTimeout(() => { pending = null; drawCharts(); }, 250); };

  const refresh = async () => {
    const [run, events] = await Promise.all([get(`experiments/${encodeURIComponent(id)}`), get(`experiments/${encodeURIComponent(id)}/events`)]);
    header.replaceChildren(...summary(run, act).filter(Boolean));
    details.replaceChildren(...sections(run, events).filter(Boolean));
  };
  const act = async (action) => {
    feedback.replaceChildren();
    try {
      await post(`experiments/${encodeURIComponent(id)}/${action}`);
      await refresh();
    } catch (error) {
      feedback.replaceChildren(problemBox(error));
    }
  };

  // Subscribe first, then read the history: a point stored in between arrives by one or both.
  const source = stream(id, {
    onMetric: (p) => { points.set(p.iteration, p); live.textContent = `live · ${points.size} points`; scheduleDraw(); },
    onStatus: (u) => { live.textContent = `live · ${u.status}`; if (u.cause !== 'SNAPSHOT') refresh().catch(console.error); },
    onError: (state) => { live.textContent = state === EventSource.CLOSED ? 'stream closed' : 'reconnecting…'; },
  });
  for (const p of await get(`experiments/${encodeURIComponent(id)}/metrics`)) if (!points.has(p.iteration)) points.set(p.iteration, p);
  drawCharts();
  await refresh();
  return () => { source.close(); clearTimeout(pending); };
}

function summary(run, act) {
  return [
    el('h2', { id: 'run-name' }, run.name),
    el('p', {}, statusBadge(run.status), ' ', progressBar(run.progress),
      ` attempt ${run.attempt} · ${run.origin}${run.worker ? ` · worker ${run.worker}` : ''}`),
    run.failure ? el('p', { className: 'problem' }, run.failure) : null,
    el('div', { className: 'actions' }, Object.entries(ACTIONS).map(([action, from]) =>
      el('button', { type: 'button', disabled: !from.includes(run.status), onclick: () => act(action), dataset: { action } }, action))),
  ];
}

function sections(run, events) {
  const result = run.result;
  const checkpoints = events.filter((e) => e.type === 'CHECKPOINTED' || e.type === 'COMPLETED' || e.type === 'PAUSED');
  return [
    el('h3', {}, 'Result'),
    result ? el('p', { id: 'run-result' }, `top-1 error ${fixed(result.top1Error)} %, top-5 error ${fixed(result.top5Error)} % on ${result.samples} test images`,
      result.imagesPerSecond ? `, ${fixed(result.imagesPerSecond, 0)} images/s at batch ${result.speedBatchSize}` : '')
      : el('p', { className: 'muted' }, 'not evaluated yet'),
    el('h3', {}, 'Checkpoints'),
    el('p', {}, 'latest: ', el('code', {}, run.checkpointUri ?? '—'), run.checkpointSha256 ? [' sha256 ', el('code', {}, run.checkpointSha256)] : ''),
    checkpoints.length ? table([
      { title: 'attempt', key: 'attempt', num: true },
      { title: 'sequence', key: 'sequence', num: true },
      { title: 'event', key: 'type' },
      { title: 'at', key: 'occurredAt', render: (e) => when(e.occurredAt) },
    ], checkpoints, { id: 'checkpoints' }) : el('p', { className: 'muted' }, 'no checkpoint reported yet'),
    el('h3', {}, 'Config'),
    el('p', {}, 'config hash ', el('code', { id: 'config-hash' }, run.configHash ?? ''), ' · code version ', el('code', {}, run.codeVersion ?? '')),
    el('pre', { id: 'config' }, JSON.stringify(run.spec, null, 2)),
    el('p', { className: 'muted' }, `scheduling: priority ${run.scheduling?.priority}, owner ${run.scheduling?.owner}, restarts ${run.scheduling?.restarts}/${run.scheduling?.maxRestarts}`),
    el('h3', {}, `Events (${events.length})`),
    table([
      { title: 'attempt', key: 'attempt', num: true },
      { title: 'sequence', key: 'sequence', num: true },
      { title: 'type', key: 'type' },
      { title: 'at', key: 'occurredAt', render: (e) => when(e.occurredAt) },
      { title: 'worker', key: 'worker' },
    ], events, { id: 'events', sortable: true }),
  ];
}

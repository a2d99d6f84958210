// Reproduction suites: the list, and per suite its rows, a launch button (with the API token) and
// the latest launches' reports: paper, ours, delta and status per row, and the verdict.
import { get, post } from '../api.js';
import { el, fixed, when, table, link, labelled } from '../dom.js';
import { problemBox } from '../problems.js';
import { navigate } from '../nav.js';
import { deltaCell } from './leaderboard.js';

export async function render(view, { arg: name, params }) {
  if (!name) return renderList(view);
  const [suite, launches] = await Promise.all([get(`suites/${encodeURIComponent(name)}`), get(`suites/${encodeURIComponent(name)}/launches`, new URLSearchParams({ limit: '20' }))]);
  const chosen = launches.find((l) => l.launchId === params.get('launch')) ?? launches[0];
  const force = el('input', { type: 'checkbox', name: 'force' });
  const feedback = el('div', { id: 'launch-feedback' });
  const launch = async () => {
    try {
      const answer = await post(`suites/${encodeURIComponent(name)}/launches`, force.checked ? { force: true } : null);
      navigate('suites', name, new URLSearchParams({ launch: answer.body.launchId }));
    } catch (error) {
      feedback.replaceChildren(problemBox(error));
    }
  };
  view.replaceChildren(
    el('h2', {}, `Suite ${suite.name}: ${suite.title}`),
    el('p', {}, `metric ${suite.metric}, tolerance ±${suite.tolerance}; ${suite.runnableRows} of ${suite.rows} rows runnable; schedule: ${suite.schedule ?? 'none'}`),
    el('div', { className: 'actions' }, el('button', { type: 'button', onclick: launch, id: 'launch' }, 'Launch'), labelled('force retraining', force)),
    feedback,
    el('h3', {}, 'Launches'),
    launches.length ? el('ul', {}, launches.map((l) => el('li', {}, link(`/suites/${encodeURIComponent(name)}?launch=${l.launchId}`, `${when(l.launchedAt)} (${l.trigger})`), ` ${l.verdict}`))) : el('p', { className: 'muted' }, 'never launched'),
    chosen ? report(chosen) : '');
}

function report(r) {
  return el('section', { id: 'suite-report' },
    el('h3', {}, 'Report ', el('span', { className: `verdict verdict-${r.verdict}` }, r.verdict)),
    el('p', { className: 'muted' }, `${r.rowsChecked} of ${r.rowsTotal} rows checked, ${r.notRunHere} not run here; rule: ${r.toleranceRule}; launched ${when(r.launchedAt)}${r.forced ? ', forced' : ''}.`),
    table([
      { title: 'row', key: 'label' },
      { title: 'reference', key: 'reference' },
      { title: `paper${r.unit ? ` (${r.unit})` : ''}`, key: 'paper', num: true, render: (x) => fixed(x.paper) },
      { title: 'ours', key: 'ours', num: true, render: (x) => fixed(x.ours) },
      { title: 'Δ', key: 'delta', num: true, render: (x) => deltaCell(x.delta, true) },
      { title: 'status', key: 'status', render: (x) => el('span', { className: `row-${x.status}` }, x.status) },
      { title: 'run', key: 'experimentId', render: (x) => (x.experimentId ? link(`/run/${x.experimentId}`, x.experimentStatus ?? 'run') : '') },
      { title: 'note', key: 'note' },
    ], r.rows, { id: 'suite-rows', sortable: true }));
}

async function renderList(view) {
  const suites = await get('suites');
  view.replaceChildren(el('h2', {}, 'Reproduction suites'), table([
    { title: 'suite', key: 'name', render: (s) => link(`/suites/${encodeURIComponent(s.name)}`, s.name) },
    { title: 'title', key: 'title' },
    { title: 'metric', key: 'metric' },
    { title: 'tolerance', key: 'tolerance', num: true },
    { title: 'rows', key: 'rows', num: true },
    { title: 'runnable', key: 'runnableRows', num: true },
    { title: 'schedule', key: 'schedule' },
  ], suites, { id: 'suites', sortable: true }));
}

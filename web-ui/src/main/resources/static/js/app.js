// The dashboard's router: "#/page/arg?query" picks a page module, which renders into <main>.
import { token } from './api.js';
import { el } from './dom.js';
import { problemBox } from './problems.js';
import * as leaderboard from './pages/leaderboard.js';
import * as mabn from './pages/mabn.js';
import * as ibn from './pages/ibn.js';
import * as runs from './pages/runs.js';
import * as run from './pages/run.js';
import * as submit from './pages/submit.js';
import * as sweep from './pages/sweep.js';
import * as suites from './pages/suites.js';
import * as queue from './pages/queue.js';

// Route name -> page; a page's render(view, {arg, params}) may return a cleanup (timers, streams).
const PAGES = { leaderboard, mabn, ibn, runs, run, submit, sweep, suites, queue };

const view = document.querySelector('#view');
let cleanup = null;

function parse(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  return { name: name || 'leaderboard', arg: rest.map(decodeURIComponent).join('/') || null, params: new URLSearchParams(query) };
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const { name, arg, params } = parse(location.hash);
  const page = PAGES[name];
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === `#/${name}`));
  if (!page) {
    view.replaceChildren(el('p', {}, `No page "${name}".`));
    return;
  }
  view.replaceChildren(el('p', { className: 'muted' }, 'Loading…'));
  try {
    cleanup = await page.render(view, { arg, params });
  } catch (error) {
    console.error(error);
    view.replaceChildren(problemBox(error));
  }
}

function tokenBox() {
  const input = document.querySelector('#token');
  const state = document.querySelector('#token-state');
  const show = () => { state.textContent = token.get() ? 'set for this tab' : 'not set'; };
  input.value = token.get();
  input.addEventListener('change', () => { token.set(input.value.trim()); show(); });
  document.querySelector('#token-form').addEventListener('submit', (e) => { e.preventDefault(); token.set(input.value.trim()); show(); });
  show();
}

tokenBox();
window.addEventListener('hashchange', route);
route();

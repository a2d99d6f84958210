// The submission form. The API is the validator: values go as typed (numbers as numbers), and a
// 400's field errors appear under their fields, with the allowed values, and in a list above.
import { get, post } from '../api.js';
import { el, link, labelled } from '../dom.js';
import { problemBox, markFields } from '../problems.js';
import { select } from './leaderboard.js';

/** [field path, label, default, hint]: the names are the API's, so errors land on their field. */
const FIELDS = [
  ['name', 'name', '', 'required, 1–200 characters'],
  ['backbone', 'backbone', 'resnet10', 'e.g. resnet50, resnet50_ibn_a'],
  ['norm', 'norm', 'bn', 'bn, brn, gn:32, in, ln, mabn, …'],
  ['baseWidth', 'base width', '16', '1–512'],
  ['batchSize', 'batch size (SGD)', '32', '1–4096'],
  ['normBatchSize', 'norm batch size', '', 'divides the batch size'],
  ['iterations', 'iterations', '100', 'or epochs'],
  ['epochs', 'epochs', '', 'or iterations'],
  ['optimizer.lr', 'learning rate', '0.1', '(0, 10]'],
  ['optimizer.momentum', 'momentum', '0.9', '[0, 1)'],
  ['optimizer.weightDecay', 'weight decay', '0.0001', '[0, 1]'],
  ['optimizer.schedule.warmupIterations', 'warm-up iterations', '', '≥ 0'],
  ['seed', 'seed', '0', ''],
  ['owner', 'owner', '', 'whose fair share'],
  ['tags', 'tags', '', 'comma-separated, lowercase'],
];

export async function render(view) {
  // The form builds classification specs: a detection dataset (coco-shapes) would be refused.
  const datasets = (await get('datasets')).filter((d) => d.task === 'classification').map((d) => d.name);
  const form = el('form', { id: 'submit-form', className: 'spec-form', noValidate: true },
    labelled('dataset', select('dataset', datasets, datasets[0])),
    FIELDS.map(([name, label, value, hint]) => labelled(label, el('input', { name, value, placeholder: hint, size: 18 }))),
    labelled('schedule', select('optimizer.schedule.type', ['constant', 'multistep', 'cosine'], 'cosine')),
    labelled('priority', select('priority', ['normal', 'high', 'low'], 'normal')),
    labelled('force (train even if an identical run completed)', el('input', { type: 'checkbox', name: 'force' })),
    el('div', { className: 'actions' }, el('button', { type: 'submit' }, 'Submit')));
  const outcome = el('div', { id: 'submit-outcome' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    outcome.replaceChildren(el('p', { className: 'muted' }, 'submitting…'));
    try {
      const answer = await post('experiments', specFrom(form));
      markFields(form, []);
      const run = answer.body;
      outcome.replaceChildren(el('p', { className: 'ok', role: 'status' },
        answer.headers.get('Deduplicated') === 'true' ? 'An identical run already completed: ' : 'Submitted: ',
        link(`/run/${run.id}`, run.name), ` (${run.status})`));
    } catch (error) {
      markFields(form, error.fieldErrors ?? []);
      outcome.replaceChildren(problemBox(error));
    }
  });
  view.replaceChildren(el('h2', {}, 'Submit an experiment'), form, outcome);
}

/** The form as the API's JSON: dotted names nest, blanks are left out, numeric text becomes a number. */
export function specFrom(form) {
  const spec = {};
  for (const control of form.elements) {
    if (!control.name) continue;
    let value;
    if (control.type === 'checkbox') value = control.checked || undefined;
    else if (control.name === 'tags') value = control.value.split(',').map((t) => t.trim()).filter(Boolean);
    else value = typed(control.value);
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    setPath(spec, control.name, value);
  }
  return spec;
}

function typed(text) {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?([eE]-?\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}

// How the API's refusals read on the page: 401/403 say the token is the problem, a 400 names each
// field with its message and allowed values, anything else shows the problem's title and detail.
import { el } from './dom.js';
import { ApiProblem } from './api.js';

const MAX_ALLOWED_SHOWN = 12;

export function allowedText(allowed) {
  if (!Array.isArray(allowed) || allowed.length === 0) return '';
  const shown = allowed.slice(0, MAX_ALLOWED_SHOWN).join(', ');
  return `allowed: ${shown}${allowed.length > MAX_ALLOWED_SHOWN ? `, … (${allowed.length} in all)` : ''}`;
}

export function problemBox(error) {
  if (!(error instanceof ApiProblem)) {
    return el('div', { className: 'problem', role: 'alert' }, `Request failed: ${error?.message ?? error}`);
  }
  const p = error.problem;
  if (error.status === 401 || error.status === 403) {
    const what = error.status === 401 ? '401 Unauthorized: no valid API token was sent' : '403 Forbidden: this token may not do that';
    return el('div', { className: 'problem auth', role: 'alert', dataset: { status: String(error.status) } },
      el('strong', {}, `The API refused the request (${what}).`), ' ',
      p.detail ?? '', ' Enter a valid API token in the box at the top of the page and try again.');
  }
  return el('div', { className: 'problem', role: 'alert', dataset: { status: String(error.status) } },
    el('strong', {}, `${error.status} ${p.title ?? 'Error'}`), p.code ? ` (${p.code})` : '', ': ', p.detail ?? error.message,
    error.fieldErrors.length ? el('ul', {}, error.fieldErrors.map(fieldErrorItem)) : null);
}

function fieldErrorItem(e) {
  const rejected = e.rejected === undefined ? '' : ` (got ${JSON.stringify(e.rejected)})`;
  const allowed = allowedText(e.allowed);
  return el('li', { dataset: { field: e.field } }, el('code', {}, e.field), `: ${e.message}${rejected}`, allowed ? el('div', { className: 'muted' }, allowed) : null);
}

/** Puts each field error under the form control named like the field; clears the old ones first. */
export function markFields(form, errors) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  for (const e of errors) {
    const control = form.elements.namedItem(e.field) ?? form.elements.namedItem(e.field.split('.')[0]);
    const message = el('div', { className: 'field-error', dataset: { field: e.field } }, `${e.message}`,
      e.allowed ? el('div', { className: 'muted' }, allowedText(e.allowed)) : null);
    if (control instanceof Element) {
      control.setAttribute('aria-invalid', 'true');
      control.closest('label')?.append(message);
    }
  }
}

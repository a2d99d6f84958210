// Every call goes through the web-ui's same-origin proxy (/ui-api/... -> the API's /api/v1/...).
// Mutations carry the API token the user entered, as "Authorization: Bearer ...".

const TOKEN_KEY = 'normlab.api-token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (value) => (value ? sessionStorage.setItem(TOKEN_KEY, value) : sessionStorage.removeItem(TOKEN_KEY)),
};

/** An answer that is not 2xx, with the API's problem details (RFC 9457) when it sent them. */
export class ApiProblem extends Error {
  constructor(status, problem, path) {
    super(problem?.detail ?? problem?.title ?? `${path}: HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.path = path;
  }

  /** The field errors of a 400 invalid-request problem. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

async function read(response, path) {
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiProblem(response.status, body, path);
  return { status: response.status, headers: response.headers, body };
}

export async function get(path, params) {
  const query = params && String(params) ? `?${params}` : '';
  const response = await fetch(`/ui-api/${path}${query}`, { headers: { Accept: 'application/json' } });
  return (await read(response, path)).body;
}

/** POSTs JSON with the token; resolves to {status, headers, body}, rejects with ApiProblem. */
export async function post(path, body, { idempotencyKey } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token.get()) headers.Authorization = `Bearer ${token.get()}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(`/ui-api/${path}`, { method: 'POST', headers, body: body == null ? null : JSON.stringify(body) });
  return read(response, path);
}

/** A run's live updates: calls onMetric(point, update) and onStatus(update); returns the EventSource. */
export function stream(runId, { onMetric, onStatus, onError }) {
  const source = new EventSource(`/ui-api/experiments/${encodeURIComponent(runId)}/stream`);
  source.addEventListener('metric', (e) => { const u = JSON.parse(e.data); onMetric?.(u.point, u); });
  source.addEventListener('status', (e) => onStatus?.(JSON.parse(e.data)));
  source.addEventListener('error', () => onError?.(source.readyState));
  return source;
}

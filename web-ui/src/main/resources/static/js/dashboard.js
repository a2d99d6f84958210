// The dashboard reads the API through the same-origin proxy (/ui-api/...). Every value reaches the
// page through textContent, never innerHTML, so a run named "<script>" renders as text.

const api = (path) => fetch(`/ui-api/${path}`).then((r) => {
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
});

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

const fixed = (value, digits = 2) => (value == null ? '' : Number(value).toFixed(digits));

async function renderLeaderboard(dataset) {
  const board = await api(`leaderboards/${encodeURIComponent(dataset)}`);
  const body = document.querySelector('#leaderboard tbody');
  body.replaceChildren();
  for (const row of board.rows) {
    const tr = body.insertRow();
    cell(tr, row.rank, 'num');
    cell(tr, row.name);
    cell(tr, row.backbone);
    cell(tr, row.norm);
    cell(tr, row.normBatchSize, 'num');
    cell(tr, row.batchSize, 'num');
    cell(tr, fixed(row.top1Error), 'num');
    cell(tr, fixed(row.top5Error), 'num');
  }
}

async function renderRuns() {
  const page = await api('experiments?size=50');
  const body = document.querySelector('#runs tbody');
  body.replaceChildren();
  for (const run of page.content) {
    const tr = body.insertRow();
    cell(tr, run.name);
    cell(tr, run.status, `status-${run.status}`);
    const progress = document.createElement('progress');
    progress.max = run.progress.totalIterations ?? 1;
    progress.value = run.progress.iteration ?? 0;
    tr.insertCell().append(progress);
    cell(tr, fixed(run.progress.loss, 4), 'num');
    cell(tr, fixed(run.progress.imagesPerSecond, 0), 'num');
    cell(tr, new Date(run.createdAt).toLocaleString());
  }
}

async function main() {
  const select = document.querySelector('#dataset');
  const datasets = await api('datasets');
  for (const d of datasets) select.add(new Option(d.name, d.name));
  const refresh = () => Promise.all([renderLeaderboard(select.value), renderRuns()]).catch(console.error);
  select.addEventListener('change', refresh);
  await refresh();
  setInterval(refresh, 2000);
}

main().catch(console.error);

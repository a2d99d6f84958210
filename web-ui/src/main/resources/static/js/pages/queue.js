// The queue in the scheduler's order, and the workers serving it; refreshed every few seconds.
import { get } from '../api.js';
import { el, when, table, link } from '../dom.js';

const REFRESH_MS = 3000;
/** The API answers with up to its scheduling window (2,000 runs); the page draws the head of the queue. */
const SHOWN = 200;

export async function render(view) {
  const draw = async () => {
    const [queue, workers] = await Promise.all([get('queue'), get('workers')]);
    view.replaceChildren(
      el('h2', {}, `Queue (${queue.length}${queue.length >= 2000 ? '+' : ''})`),
      queue.length > SHOWN ? el('p', { className: 'muted' }, `The first ${SHOWN} in the order they will be served.`) : '',
      queue.length ? table([
        { title: 'position', key: 'position', num: true },
        { title: 'run', key: 'name', render: (q) => link(`/run/${q.id}`, q.name) },
        { title: 'priority', key: 'priority' },
        { title: 'owner', key: 'owner' },
        { title: 'attempt', key: 'attempt', num: true },
      ], queue.slice(0, SHOWN), { id: 'queue' }) : el('p', { className: 'muted' }, 'nothing is waiting'),
      el('h3', {}, 'Workers'),
      table([
        { title: 'worker', key: 'workerId' },
        { title: 'slots', key: 'slots', num: true },
        { title: 'active attempts', key: 'activeAttempts', num: true },
        { title: 'last heartbeat', key: 'lastHeartbeatAt', render: (w) => when(w.lastHeartbeatAt) },
        { title: 'live', key: 'live', render: (w) => (w.live ? 'yes' : 'no') },
      ], workers, { id: 'workers' }));
  };
  await draw();
  const timer = setInterval(() => draw().catch(console.error), REFRESH_MS);
  return () => clearInterval(timer);
}

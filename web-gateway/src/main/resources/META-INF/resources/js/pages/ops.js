// Operations (admins): queue depth, running jobs, failed jobs with Retry and Discard, and the
// workers with their heartbeats. Refreshed every 5 s while the page is open.

import { discardJob, getOverview, retryJob } from '../api.js';
import { confirmAction } from '../dialog.js';
import { actionButton, formatAge, formatNumber, formatTime, link, row, shortId } from '../labels.js';
import { jobPath } from '../router.js';

const REFRESH_MS = 5000;
const el = (id) => document.getElementById(id);
const error = el('ops-error');
const updated = el('ops-updated');

let handlers = {};
let timer = null;
let open = false;

/** @param {object} callbacks onUnreachable(error) */
export function init(callbacks) {
  handlers = callbacks;
}

export function enter() {
  open = true;
  load();
}

export function leave() {
  open = false;
  clearTimeout(timer);
}

async function load() {
  clearTimeout(timer);
  try {
    const overview = await getOverview();
    if (!open) return;
    error.hidden = true;
    render(overview);
  } catch (failure) {
    if (!open) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    error.textContent = failure.status === 403
      ? 'This page is for administrators.'
      : `The overview could not be loaded. ${failure.message}`;
    error.hidden = false;
    if (failure.status === 403) return;
  }
  timer = setTimeout(load, REFRESH_MS);
}

function render(overview) {
  updated.textContent = `Updated ${formatTime(overview.generated_at)}`;
  el('ops-waiting').textContent = formatNumber(overview.queue.waiting);
  el('ops-delayed').textContent = formatNumber(overview.queue.delayed);
  el('ops-processing').textContent = formatNumber(overview.queue.processing);
  el('ops-failed-count').textContent = formatNumber(overview.jobs?.failed ?? overview.failed.length);
  const now = Date.parse(overview.generated_at) || Date.now();
  fill('ops-workers', overview.workers.map((worker) => {
    const tr = row([worker.id, formatAge(worker.last_heartbeat, now), { value: formatNumber(worker.running), num: true },
      worker.alive ? 'alive' : 'no heartbeat']);
    tr.dataset.testid = 'worker-row';
    tr.classList.toggle('is-stale', !worker.alive);
    return tr;
  }), 'No workers have reported.');
  fill('ops-running', overview.running.map((job) => {
    const tr = row([link(jobPath(job.job_id), shortId(job.job_id)), `${job.stage || 'starting'} (${job.progress ?? 0} %)`,
      { value: job.attempt, num: true }, job.worker_id || '']);
    tr.dataset.testid = 'running-row';
    return tr;
  }), 'Nothing is running.');
  fill('ops-failed', overview.failed.map(failedRow), 'No failed jobs.');
}

function failedRow(job) {
  const actions = document.createElement('span');
  actions.className = 'row-actions';
  actions.append(
    action('Retry', 'ops-retry', job, () => retryJob(job.job_id)),
    action('Discard', 'ops-discard', job, async () => {
      const confirmed = await confirmAction({
        heading: 'Discard this job?',
        message: `Job ${shortId(job.job_id)} will not be retried; its article stays failed.`,
        action: 'Discard',
      });
      if (confirmed) await discardJob(job.job_id);
    }));
  const tr = row([link(jobPath(job.job_id), shortId(job.job_id)), job.error || '', { value: job.attempt, num: true }, actions]);
  tr.dataset.testid = 'failed-row';
  tr.dataset.jobId = job.job_id;
  return tr;
}

function action(label, testid, job, perform) {
  return actionButton({
    label,
    testid,
    ariaLabel: `${label} job ${shortId(job.job_id)}`,
    perform: async () => {
      await perform();
      await load();
    },
    onError: (failure) => {
      if (failure.unreachable) handlers.onUnreachable?.(failure);
      error.textContent = `${label} failed: ${failure.message}`;
      error.hidden = false;
    },
  });
}

function fill(id, rows, emptyText) {
  const body = el(id);
  if (rows.length) {
    body.replaceChildren(...rows);
  } else {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = body.closest('table').querySelectorAll('thead th').length;
    td.className = 'muted';
    td.textContent = emptyText;
    tr.append(td);
    body.replaceChildren(tr);
  }
}

// Operations (admins): queue depth, running jobs, failed jobs with Retry and Discard, and the
// workers with their heartbeats. Refreshed every 5 s while the page is open; drawn by
// render(state); leaving the page stops the refresh and aborts the request on its way.

import { discardJob, getOverview, isAbort, retryJob } from '../api.js';
import { confirmAction } from '../dialog.js';
import { byId } from '../dom.js';
import { actionButton, formatAge, formatNumber, formatTime, link, row, shortId } from '../labels.js';
import { jobPath } from '../router.js';

const REFRESH_MS = 5000;
const el = byId;
const error = el('ops-error');
const updated = el('ops-updated');

/**
 * @typedef {object} OpsView
 * @property {any} overview the api's last overview, null before the first
 * @property {string|null} error
 */

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {ReturnType<typeof setTimeout>|undefined} */
let timer;
/** Set while the page is open; aborted when it is left. @type {AbortController|null} */
let visit = null;
/** @type {OpsView} */
let state = { overview: null, error: null };

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
}

export function enter() {
  leave();
  visit = new AbortController();
  load();
}

export function leave() {
  visit?.abort();
  visit = null;
  clearTimeout(timer);
}

/** @param {Partial<OpsView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

async function load() {
  clearTimeout(timer);
  const mine = visit;
  if (!mine) return;
  try {
    update({ overview: await getOverview({ signal: mine.signal }), error: null });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({
      error: failure.status === 403 ? 'This page is for administrators.' : `The overview could not be loaded. ${failure.message}`,
    });
    if (failure.status === 403) return;
  }
  if (mine === visit) timer = setTimeout(load, REFRESH_MS);
}

/** The overview drawn last: the tables are only rebuilt for a new one. */
let drawn = null;

/** @param {OpsView} view */
function render(view) {
  error.textContent = view.error ?? '';
  error.hidden = !view.error;
  if (!view.overview || drawn === view.overview) return;
  drawn = view.overview;
  const overview = view.overview;
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
      update({ error: `${label} failed: ${failure.message}` });
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

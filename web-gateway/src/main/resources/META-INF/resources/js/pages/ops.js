// Operations (admins): queue depth, the last hour's waits and runs (p50/p95/p99), failure rate,
// dead letters and model use, the worker registry, running jobs, failed jobs with Retry and
// Discard. Refreshed every 5 s while the page is open; drawn by render(state); leaving the page
// stops the refresh and aborts the requests on their way.

import { discardJob, getOverview, getStats, getWorkers, isAbort, retryJob } from '../api.js';
import { confirmAction } from '../dialog.js';
import { byId } from '../dom.js';
import { actionButton, formatCost, formatNumber, formatTime, link, row, shortId } from '../labels.js';
import { formatRate, formatSeconds, workerCells } from '../ops-figures.js';
import { jobPath } from '../router.js';

const REFRESH_MS = 5000;
const el = byId;
const error = el('ops-error');
const updated = el('ops-updated');

/**
 * @typedef {object} OpsView
 * @property {any} overview the api's last overview, null before the first
 * @property {any} stats the last hour's figures, null until they came
 * @property {any} workers the worker registry, null until it came
 * @property {string|null} error
 */

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {ReturnType<typeof setTimeout>|undefined} */
let timer;
/** Set while the page is open; aborted when it is left. @type {AbortController|null} */
let visit = null;
/** @type {OpsView} */
let state = { overview: null, stats: null, workers: null, error: null };

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
    const signal = mine.signal;
    const [overview, stats, workers] = await Promise.all([getOverview({ signal }), getStats({ signal }), getWorkers({ signal })]);
    update({ overview, stats, workers, error: null });
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

/** The answers drawn last: the tables are only rebuilt for new ones. */
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
  if (view.stats) renderStats(view.stats);
  if (view.workers) renderWorkers(view.workers);
  fill('ops-running', overview.running.map((job) => {
    const tr = row([link(jobPath(job.job_id), shortId(job.job_id)), `${job.stage || 'starting'} (${job.progress ?? 0} %)`,
      { value: job.attempt, num: true }, job.worker_id || '']);
    tr.dataset.testid = 'running-row';
    return tr;
  }), 'Nothing is running.');
  fill('ops-failed', overview.failed.map(failedRow), 'No failed jobs.');
}

/** @param {any} stats GET /admin/stats */
function renderStats(stats) {
  for (const [name, latency] of [['wait', stats.waits], ['run', stats.runs]]) {
    el(`ops-${name}-p50`).textContent = formatSeconds(latency.p50);
    el(`ops-${name}-p95`).textContent = formatSeconds(latency.p95);
    el(`ops-${name}-p99`).textContent = formatSeconds(latency.p99);
    el(`ops-${name}-count`).textContent = formatNumber(latency.count);
  }
  el('ops-hour-completed').textContent = formatNumber(stats.finished.completed);
  el('ops-hour-failed').textContent = formatNumber(stats.finished.failed);
  el('ops-failure-rate').textContent = formatRate(stats.failure_rate);
  el('ops-dead-letters').textContent = formatNumber(stats.dead_letters);
  fill('ops-models', stats.models.map((model) => {
    const tr = row([model.provider, model.model, { value: formatNumber(model.calls), num: true },
      { value: formatNumber(model.input_tokens), num: true }, { value: formatNumber(model.output_tokens), num: true },
      { value: formatCost(model.cost_usd), num: true }]);
    tr.dataset.testid = 'model-row';
    return tr;
  }), 'No model calls in the last hour.');
}

/** @param {any} list GET /admin/workers */
function renderWorkers(list) {
  const now = Date.parse(list.generated_at) || Date.now();
  fill('ops-workers', workerCells(list.workers, now).map((worker) => {
    const tr = row(worker.cells.map((cell, i) => (i >= 6 ? { value: cell, num: true } : cell)));
    tr.dataset.testid = 'worker-row';
    tr.dataset.state = worker.state;
    tr.classList.toggle('is-stale', worker.state !== 'alive');
    return tr;
  }), 'No workers have reported.');
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

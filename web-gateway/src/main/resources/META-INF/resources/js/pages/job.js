// A job: its progress while it runs (stage, bar, elapsed time, attempt, Cancel), and its record
// (timeline of events, usage and cost per stage, the error; Retry once it failed or was cancelled;
// the webhooks sent about it, with Send again for a finished one — its callback_url's has no other log).
//
// The page is drawn by render(state) from one JobView; every event (an answer, a click, the clock)
// changes the view and renders it again. Leaving the page (or opening another job) aborts its
// requests, so an answer for the job left behind never lands on the next one.
//
// Live: the page listens to the job's event stream (EventSource), which pushes every change; while it
// works nothing is polled. When the stream fails (cut, refused, no EventSource) it is closed and the
// page polls instead, as below, until the job ends.
//
// Polling: once a second for the first minute, then backing off to every 5 s for long jobs; after
// a failed poll it waits longer each time and gives up after five in a row, saying so. It stops
// when the job ends or cannot be found, so the page never spins on a job or an api that is gone.

import {
  cancelJob, getArticle, getArticleUsage, getJob, getJobEvents, isAbort, listJobDeliveries, openJobStream, resendJobDelivery,
  retryJob,
} from '../api.js';
import { deliveryRow } from '../delivery-row.js';
import { byId, fromTemplate } from '../dom.js';
import {
  DONE_LABEL, EVENT_LABELS, JOB_STATE_HEADINGS, STAGE_LABELS, facts, formatDate, formatDuration, formatTime, label, link,
  row, statusBadge, usageRows,
} from '../labels.js';
import { current, isActive, isRetryable, isTerminal } from '../meta.js';
import { articlePath } from '../router.js';

const FAST_POLL_MS = 1000;
const SLOW_POLL_MS = 5000;
const FAST_FOR_MS = 60_000;
const MAX_FAILED_POLLS = 5;
/** The newest deliveries shown: a job has one per endpoint and its callback_url, so a page is all of them. */
const DELIVERIES_SHOWN = 20;

/**
 * Everything the page shows.
 *
 * @typedef {object} JobView
 * @property {string} jobId
 * @property {any} job the last status the api gave, null until the first answer
 * @property {string} topic the article's line (topic · language · level · length), '' until known
 * @property {any[]|null} events the timeline, null until loaded
 * @property {string|null} eventsError why the timeline could not be loaded
 * @property {any} usage tokens and cost per stage, null until loaded
 * @property {boolean} usageFailed
 * @property {any[]|null} deliveries the webhooks sent about the job, newest first, null until loaded
 * @property {string|null} deliveriesError why they could not be loaded, or a Send again failed
 * @property {'watching'|'ended'|'missing'|'lost'} phase polling; the job ended; it cannot be found; polling gave up
 * @property {string|null} error the page's error line
 * @property {boolean} cancelRequested the reader asked to cancel and the job has not ended yet
 * @property {'cancel'|'retry'|null} busy the button whose request is running
 * @property {number} now the clock the elapsed time is shown against
 */

/**
 * One visit of the page: its view and what keeps it up to date.
 *
 * @typedef {object} Visit
 * @property {JobView} state
 * @property {AbortController} controller aborted when the visit ends
 * @property {Object<string, AbortController>} calls the latest call of each kind, aborted when a newer one starts
 * @property {ReturnType<typeof setTimeout>|undefined} timer the next poll
 * @property {ReturnType<typeof setInterval>|undefined} ticker the clock while the job runs
 * @property {number} failedPolls failed polls in a row
 * @property {number} since when watching (re)started, for the back-off
 * @property {boolean} polling a poll is in flight
 * @property {EventSource|null} stream the job's event stream while it works; null once the page polls
 */

const el = byId;
const heading = el('progress-heading');
const topic = el('job-topic');
const bar = el('progress', HTMLProgressElement);
const stageText = el('stage');
const percent = el('progress-percent');
const stageList = el('stages');
const message = el('job-message');
const elapsed = el('job-elapsed');
const attempt = el('job-attempt');
const retrying = el('job-retrying');
const jobError = el('job-error');
const openArticle = el('open-article', HTMLAnchorElement);
const cancelButton = el('cancel-job', HTMLButtonElement);
const retryButton = el('retry-job', HTMLButtonElement);
const resume = el('resume-polling', HTMLButtonElement);
const factsList = el('job-facts');
const timeline = el('job-timeline');
const timelineError = el('timeline-error');
const usageBody = document.querySelector('#job-usage tbody');
const deliveriesSection = el('job-deliveries-section');
const deliveriesError = el('job-deliveries-error');
const deliveriesBody = document.querySelector('#job-deliveries tbody');
const deliveriesRefresh = el('job-deliveries-refresh', HTMLButtonElement);

/** @type {{onUnreachable?: (error: any) => void, onReachable?: () => void}} */
let handlers = {};
/** The steps shown: the api's stages, then the finished article ('completed'). @type {string[]} */
let steps = [];
/** @type {HTMLElement[]} */
let stepItems = [];
/** @type {Visit|null} */
let active = null;
/** What the last render drew of the parts that are only redrawn when they change. */
let drawn = {
  facts: '', events: /** @type {any} */ (undefined), usage: /** @type {any} */ (undefined), retrying: '',
  deliveries: /** @type {any} */ (undefined),
};

/** @param {{onUnreachable?: (error: any) => void, onReachable?: () => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
  steps = [...current().stages, 'completed'];
  stepItems = steps.map((stage) => {
    const item = fromTemplate('stage-template');
    item.dataset.stage = stage;
    item.textContent = stage === 'completed' ? DONE_LABEL : label(STAGE_LABELS, stage);
    return item;
  });
  stageList.replaceChildren(...stepItems);
  cancelButton.addEventListener('click', cancel);
  retryButton.addEventListener('click', retry);
  resume.addEventListener('click', resumePolling);
  deliveriesRefresh.addEventListener('click', () => {
    if (active) loadDeliveries(active);
  });
}

/** @param {string} jobId */
export function enter(jobId) {
  leave();
  const visit = {
    state: {
      jobId, job: null, topic: '', events: null, eventsError: null, usage: null, usageFailed: false,
      deliveries: null, deliveriesError: null,
      phase: /** @type {JobView['phase']} */ ('watching'), error: null, cancelRequested: false, busy: null, now: Date.now(),
    },
    controller: new AbortController(), calls: {}, timer: undefined, ticker: undefined, failedPolls: 0, since: Date.now(),
    polling: false, stream: null,
  };
  active = visit;
  drawn = { facts: '', events: undefined, usage: undefined, retrying: '', deliveries: undefined };
  render(visit.state);
  listen(visit);
}

/** Follows the job's event stream; any failure of it hands over to polling. */
function listen(visit) {
  const stream = openJobStream(visit.state.jobId);
  if (!stream) {
    poll(visit);
    return;
  }
  visit.stream = stream;
  stream.addEventListener('status', (event) => {
    if (visit !== active) return;
    handlers.onReachable?.();
    const job = JSON.parse(/** @type {MessageEvent} */ (event).data);
    show(visit, job);
    if (isTerminal(job.status)) {
      closeStream(visit);
      finish(visit);
    }
  });
  stream.addEventListener('error', () => {
    if (visit !== active || visit.stream !== stream) return;
    closeStream(visit);
    if (visit.state.phase === 'watching') poll(visit);
  });
}

function closeStream(visit) {
  visit.stream?.close();
  visit.stream = null;
}

export function leave() {
  if (!active) return;
  active.controller.abort();
  closeStream(active);
  stopTimers(active);
  active = null;
}

/**
 * Changes the view of a visit that is still on screen, and draws it.
 *
 * @param {Visit} visit
 * @param {Partial<JobView>} changes
 */
function update(visit, changes) {
  if (visit !== active) return;
  Object.assign(visit.state, changes);
  render(visit.state);
}

function stopTimers(visit) {
  clearTimeout(visit.timer);
  clearInterval(visit.ticker);
  visit.ticker = undefined;
}

/**
 * The signal for a call of one kind: aborted when the visit ends or a newer call of the kind starts.
 *
 * @param {Visit} visit
 * @param {string} kind
 */
function supersede(visit, kind) {
  visit.calls[kind]?.abort();
  const call = new AbortController();
  visit.calls[kind] = call;
  return AbortSignal.any([visit.controller.signal, call.signal]);
}

/** @param {Visit} visit */
async function poll(visit) {
  visit.polling = true;
  let job;
  try {
    job = await getJob(visit.state.jobId, { signal: supersede(visit, 'job') });
  } catch (error) {
    visit.polling = false;
    if (!isAbort(error)) pollFailed(visit, error);
    return;
  }
  visit.polling = false;
  visit.failedPolls = 0;
  handlers.onReachable?.();
  show(visit, job);
  if (isTerminal(job.status)) finish(visit); else visit.timer = setTimeout(() => poll(visit), nextPollMs(visit));
}

/** Every second at first; a job that is taking long is asked about less and less often, up to every 5 s. */
function nextPollMs(visit) {
  const watching = Date.now() - visit.since;
  if (watching < FAST_FOR_MS) return FAST_POLL_MS;
  return Math.min(SLOW_POLL_MS, FAST_POLL_MS * 1.5 ** Math.ceil((watching - FAST_FOR_MS) / FAST_FOR_MS));
}

function pollNow(visit) {
  if (visit.polling || visit.stream) return; // the stream will bring the change
  clearTimeout(visit.timer);
  poll(visit);
}

function pollFailed(visit, error) {
  if (error.status === 404) {
    stopTimers(visit);
    update(visit, {
      phase: 'missing',
      error: 'This job cannot be found: it does not exist, or it is not yours. Your articles are in the library.',
    });
    return;
  }
  if (error.unreachable) handlers.onUnreachable?.(error);
  visit.failedPolls += 1;
  if (visit.failedPolls >= MAX_FAILED_POLLS) {
    stopTimers(visit);
    update(visit, {
      phase: 'lost',
      error: `Lost contact with the opad API after ${MAX_FAILED_POLLS} tries. The article may still be being written; check again in a moment.`,
    });
    return;
  }
  update(visit, { error: `The opad API did not answer (${error.message}). Trying again…` });
  visit.timer = setTimeout(() => poll(visit), FAST_POLL_MS * 2 ** visit.failedPolls);
}

function resumePolling() {
  const visit = active;
  if (!visit) return;
  visit.failedPolls = 0;
  visit.since = Date.now();
  update(visit, { phase: 'watching', error: null });
  poll(visit);
}

/** A new status: shown, and what depends on its version (timeline, usage) is asked for again. */
function show(visit, job) {
  const previous = visit.state.job;
  update(visit, { job, error: null, now: Date.now() });
  if (!previous) {
    describeArticle(visit, job.article_id);
    visit.ticker = setInterval(() => update(visit, { now: Date.now() }), 1000);
  }
  if (previous?.version !== job.version) {
    loadTimeline(visit);
    loadUsage(visit, job.article_id);
  }
  // The outbox writes a job's deliveries when it ends; those of an earlier attempt show from the start.
  if (!previous || (previous.version !== job.version && isTerminal(job.status))) loadDeliveries(visit);
}

/** The job ended: no more polling; focus moves on from a Cancel that has gone away. */
function finish(visit) {
  stopTimers(visit);
  const hadFocus = document.activeElement === cancelButton;
  const { status, error } = visit.state.job;
  update(visit, {
    phase: 'ended',
    now: Date.now(),
    error: {
      completed: null,
      failed: error ? `Writing the article failed: ${error}` : 'Writing the article failed.',
      cancelled: 'The job was cancelled.',
      discarded: 'The job was discarded.',
    }[status] ?? null,
  });
  if (status === 'completed') {
    if (hadFocus || document.activeElement === document.body) openArticle.focus();
  } else if (hadFocus && !retryButton.hidden) {
    retryButton.focus();
  }
}

async function describeArticle(visit, articleId) {
  try {
    const article = await getArticle(articleId, { signal: supersede(visit, 'article') });
    update(visit, { topic: [article.topic, article.language, article.level, `${article.length} words`].join(' · ') });
  } catch {
    // The progress is what matters on this page; the article's details are a nicety.
  }
}

async function loadTimeline(visit) {
  try {
    const events = await getJobEvents(visit.state.jobId, { signal: supersede(visit, 'events') });
    update(visit, { events, eventsError: null });
  } catch (error) {
    if (!isAbort(error)) update(visit, { eventsError: `The timeline could not be loaded: ${error.message}` });
  }
}

async function loadUsage(visit, articleId) {
  try {
    const usage = await getArticleUsage(articleId, { signal: supersede(visit, 'usage') });
    update(visit, { usage, usageFailed: false });
  } catch (error) {
    if (!isAbort(error)) update(visit, { usageFailed: true });
  }
}

async function loadDeliveries(visit) {
  try {
    const page = await listJobDeliveries(visit.state.jobId, { size: DELIVERIES_SHOWN },
      { signal: supersede(visit, 'deliveries') });
    update(visit, { deliveries: page.items, deliveriesError: null });
  } catch (error) {
    if (!isAbort(error)) update(visit, { deliveriesError: `The deliveries could not be loaded: ${error.message}` });
  }
}

async function cancel() {
  const visit = active;
  if (!visit || visit.state.cancelRequested) return;
  update(visit, { cancelRequested: true, busy: 'cancel' });
  let job;
  try {
    job = await cancelJob(visit.state.jobId);
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    // 409: it ended on its own meanwhile; the next poll shows how.
    update(visit, {
      cancelRequested: false, busy: null,
      error: error.status === 409 ? visit.state.error : `The job could not be cancelled: ${error.message}`,
    });
    if (error.status === 409 && visit === active) pollNow(visit);
    return;
  }
  if (visit !== active) return;
  update(visit, { busy: null });
  show(visit, job);
  // 200: cancelled at once. 202: the worker was told to stop; polling sees it happen.
  if (isTerminal(job.status)) finish(visit); else pollNow(visit);
}

async function retry() {
  const visit = active;
  if (!visit || visit.state.busy === 'retry') return;
  update(visit, { busy: 'retry' });
  try {
    await retryJob(visit.state.jobId);
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    update(visit, { busy: null, error: `The job could not be retried: ${error.message}` });
    return;
  }
  if (visit !== active) return;
  const hadFocus = document.activeElement === retryButton;
  enter(visit.state.jobId);
  if (hadFocus) cancelButton.focus();
}

/** @param {JobView} state */
function render(state) {
  const { job, phase } = state;
  const status = job?.status ?? null;
  const ended = phase === 'ended';
  const terminal = Boolean(job) && isTerminal(status);

  heading.textContent = phase === 'missing' ? 'Job not found' : label(JOB_STATE_HEADINGS, status ?? 'queued');
  topic.textContent = state.topic;
  renderProgress(job);
  message.textContent = !job ? (phase === 'watching' ? 'Asking for the job…' : '')
    : (state.cancelRequested && !terminal ? 'Stopping: the writer has been told to stop.' : (job.message || ''));
  elapsed.textContent = job?.created_at ? elapsedText(job, terminal, state.now) : '';
  attempt.textContent = job?.max_attempts ? `Attempt ${job.attempt} of ${job.max_attempts}` : `Attempt ${job?.attempt}`;
  attempt.hidden = !job?.attempt;
  renderRetrying(status === 'retrying' ? job : null);
  jobError.textContent = state.error ?? '';
  jobError.hidden = !state.error;

  openArticle.hidden = !(ended && status === 'completed');
  if (job) openArticle.href = articlePath(job.article_id);
  cancelButton.hidden = !(job && isActive(status) && (phase === 'watching' || phase === 'lost'));
  setBusy(cancelButton, state.busy === 'cancel', state.busy === 'cancel' ? 'Cancelling…' : 'Cancel');
  retryButton.hidden = !(ended && isRetryable(status));
  setBusy(retryButton, state.busy === 'retry', state.busy === 'retry' ? 'Retrying…' : 'Retry');
  resume.hidden = phase !== 'lost';

  renderFacts(job);
  renderTimeline(state);
  renderUsage(state);
  renderDeliveries(state);
}

function renderProgress(job) {
  const status = job?.status ?? null;
  const stage = !job ? 'queued' : (status === 'retrying' ? 'retrying' : (job.stage || status));
  bar.value = status === 'completed' ? 100 : Math.max(0, Math.min(100, Number(job?.progress) || 0));
  bar.setAttribute('aria-valuetext', `${bar.value}%, ${stage}`);
  percent.textContent = `${bar.value}%`;
  setText(stageText, stage);

  const terminal = Boolean(job) && isTerminal(status);
  const index = status === 'completed' ? steps.length - 1 : Math.max(0, steps.indexOf(job?.stage || 'queued'));
  stepItems.forEach((item, i) => {
    const done = Boolean(job) && (i < index || status === 'completed');
    const now = Boolean(job) && i === index && !done && !terminal;
    item.classList.toggle('is-done', done);
    item.classList.toggle('is-current', now);
    item.classList.toggle('is-failed', i === index && (status === 'failed' || status === 'cancelled'));
    if (now) item.setAttribute('aria-current', 'step'); else item.removeAttribute('aria-current');
  });
}

function elapsedText(job, terminal, now) {
  const end = terminal ? new Date(job.updated_at).getTime() : now;
  return `${terminal ? 'Took' : 'Elapsed'} ${formatDuration(end - new Date(job.created_at).getTime())}`;
}

/** Redrawn when the job's version changes, not on every tick of the clock. */
function renderFacts(job) {
  const key = job ? `${job.id}|${job.version}|${job.status}` : '';
  if (drawn.facts === key) return;
  drawn.facts = key;
  if (!job) {
    factsList.replaceChildren();
    return;
  }
  facts(factsList, [
    ['Status', statusBadge(job.status)],
    ['Attempts', job.max_attempts ? `${job.attempt} of ${job.max_attempts}` : job.attempt],
    ['Queued', formatDate(job.created_at)],
    ['Last change', formatDate(job.updated_at)],
    ['Next attempt', job.status === 'retrying' ? formatTime(job.next_attempt_at) : null],
    ['Error', job.error],
    ['Article', link(articlePath(job.article_id), job.status === 'completed' ? 'Read it' : 'Its page (once written)')],
    ['Job id', job.id],
  ]);
}

/** @param {JobView} state */
function renderTimeline(state) {
  timelineError.textContent = state.eventsError ?? '';
  timelineError.hidden = !state.eventsError;
  if (drawn.events === state.events) return;
  drawn.events = state.events;
  timeline.replaceChildren(...(state.events ?? []).map(eventItem));
}

function eventItem(event) {
  const item = fromTemplate('timeline-item-template');
  item.classList.add(`level-${event.level || 'info'}`);
  item.dataset.type = event.type;
  const time = item.querySelector('time');
  time.dateTime = event.occurred_at;
  time.textContent = formatTime(event.occurred_at);
  // A stage event names its stage; the others carry the stage they happened in, which says little.
  const stage = event.type.startsWith('job.stage.') ? label(STAGE_LABELS, event.stage) : '';
  item.querySelector('.timeline-what').textContent = [label(EVENT_LABELS, event.type), stage].filter(Boolean).join(': ');
  item.querySelector('.timeline-detail').textContent = [event.attempt ? `attempt ${event.attempt}` : '',
    event.data?.error || event.data?.reason || ''].filter(Boolean).join(' · ');
  return item;
}

/** @param {JobView} state */
function renderUsage(state) {
  const shown = state.usageFailed ? 'failed' : state.usage;
  if (drawn.usage === shown) return;
  drawn.usage = shown;
  if (state.usageFailed) usageBody.replaceChildren(row(['Usage is not available right now', '', '', '']));
  else if (!state.usage) usageBody.replaceChildren();
  else usageBody.replaceChildren(...usageRows(state.usage.by_stage, state.usage.totals, 'No model calls yet'));
}

/**
 * The Deliveries part, shown once there is something in it: most jobs have no webhooks at all. Send again
 * goes through the job's own log, the only one its callback_url's delivery is in, and reloads it.
 *
 * @param {JobView} state
 */
function renderDeliveries(state) {
  deliveriesError.textContent = state.deliveriesError ?? '';
  deliveriesError.hidden = !state.deliveriesError;
  deliveriesSection.hidden = !state.deliveriesError && !state.deliveries?.length;
  if (drawn.deliveries === state.deliveries) return;
  drawn.deliveries = state.deliveries;
  const visit = active;
  const onError = (failure) => {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update(visit, { deliveriesError: `That did not work. ${failure.message}` });
  };
  deliveriesBody.replaceChildren(...(state.deliveries ?? []).map((delivery) => deliveryRow(delivery, {
    withTarget: true,
    onError,
    testids: { row: 'job-delivery', resend: 'job-delivery-resend' },
    sendAgain: async () => {
      await resendJobDelivery(state.jobId, delivery.id);
      await loadDeliveries(visit);
    },
  })));
}

/**
 * "Retrying at 10:31:05. The last attempt failed: …" for a job waiting to retry, or nothing. The notice
 * is a live region, so it is only rewritten when what it says changes, not on every poll.
 */
function renderRetrying(job) {
  const key = job ? `${job.next_attempt_at}|${job.error}` : '';
  if (drawn.retrying === key) return;
  drawn.retrying = key;
  retrying.hidden = !job;
  if (!job) {
    retrying.replaceChildren();
    return;
  }
  const when = formatTime(job.next_attempt_at);
  /** @type {(string|Node)[]} */
  const parts = [];
  if (when) {
    const time = document.createElement('time');
    time.dateTime = job.next_attempt_at;
    time.textContent = when;
    parts.push('Retrying at ', time, '.');
  } else {
    parts.push('Retrying shortly.');
  }
  if (job.error) parts.push(` The last attempt failed: ${job.error}`);
  retrying.replaceChildren(...parts);
}

/** Writes text only when it changed, so a live region does not repeat itself on every poll. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

// Busy buttons are marked with aria-disabled rather than disabled: a disabled button drops the
// keyboard focus, and focus should stay put (or move on to Retry) while the request runs.
function setBusy(button, busy, text) {
  if (busy) button.setAttribute('aria-disabled', 'true'); else button.removeAttribute('aria-disabled');
  if (button.textContent !== text) button.textContent = text;
}

// One job: its progress while it runs (stages, bar, elapsed time, attempt, Cancel), and its record
// (timeline of events, usage and cost per stage, the error; Retry once it failed or was cancelled).
//
// Polling: once a second for the first minute, then backing off to every 5 s for long jobs; after
// a failed poll it waits longer each time and gives up after five in a row, saying so. It stops
// when the job ends or cannot be found, so the page never spins on a job or an api that is gone.

import { cancelJob, getArticle, getArticleUsage, getJob, getJobEvents, retryJob } from '../api.js';
import { articlePath } from '../router.js';
import {
  facts, formatDate, formatDuration, formatTime, link, row, statusBadge, usageRows,
} from '../labels.js';

const STAGES = ['queued', 'researching', 'writing', 'reviewing', 'glossary', 'storing', 'completed'];
const FINAL = new Set(['completed', 'failed', 'cancelled', 'discarded']);
const RETRYABLE = new Set(['failed', 'cancelled']);
const CANCELLABLE = new Set(['queued', 'running', 'retrying']);
const FAST_POLL_MS = 1000;
const SLOW_POLL_MS = 5000;
const FAST_FOR_MS = 60_000;
const MAX_FAILED_POLLS = 5;

const el = (id) => document.getElementById(id);
const heading = el('progress-heading');
const topic = el('job-topic');
const bar = el('progress');
const stageText = el('stage');
const percent = el('progress-percent');
const stageItems = [...document.querySelectorAll('#stages li')];
const message = el('job-message');
const elapsed = el('job-elapsed');
const attempt = el('job-attempt');
const retrying = el('job-retrying');
const jobError = el('job-error');
const openArticle = el('open-article');
const cancelButton = el('cancel-job');
const retryButton = el('retry-job');
const resume = el('resume-polling');
const factsList = el('job-facts');
const timeline = el('job-timeline');
const timelineError = el('timeline-error');
const usageBody = document.querySelector('#job-usage tbody');

let handlers = {};
/** The job on screen: {jobId, job (last status), timer, ticker, failedPolls, since, cancelRequested, shownVersion}. */
let active = null;

/** @param {object} callbacks onUnreachable(error), onReachable() */
export function init(callbacks) {
  handlers = callbacks;
  cancelButton.addEventListener('click', cancel);
  retryButton.addEventListener('click', retry);
  resume.addEventListener('click', () => {
    if (!active) return;
    active.failedPolls = 0;
    active.since = Date.now();
    resume.hidden = true;
    jobError.hidden = true;
    poll(active);
  });
}

export function enter(jobId) {
  leave();
  active = { jobId, job: null, timer: null, ticker: null, failedPolls: 0, since: Date.now(), cancelRequested: false,
    shownVersion: null, articleShown: null, polling: false };
  reset();
  poll(active);
}

export function leave() {
  if (!active) return;
  clearTimeout(active.timer);
  clearInterval(active.ticker);
  active = null;
}

async function poll(watched) {
  watched.polling = true;
  let job;
  try {
    job = await getJob(watched.jobId);
  } catch (error) {
    watched.polling = false;
    if (watched === active) pollFailed(watched, error);
    return;
  }
  watched.polling = false;
  if (watched !== active) return;
  watched.failedPolls = 0;
  handlers.onReachable?.();
  show(watched, job);
  if (FINAL.has(job.status)) {
    finish(watched, job);
  } else {
    watched.timer = setTimeout(() => poll(watched), nextPollMs(watched));
  }
}

/** Every second at first; a job that is taking long is asked about less and less often, up to every 5 s. */
function nextPollMs(watched) {
  const watching = Date.now() - watched.since;
  if (watching < FAST_FOR_MS) return FAST_POLL_MS;
  return Math.min(SLOW_POLL_MS, FAST_POLL_MS * 1.5 ** Math.ceil((watching - FAST_FOR_MS) / FAST_FOR_MS));
}

function pollNow(watched) {
  if (watched.polling) return;
  clearTimeout(watched.timer);
  poll(watched);
}

function pollFailed(watched, error) {
  if (error.status === 404) {
    stop(watched, 'This job cannot be found: it does not exist, or it is not yours. Your articles are in the library.');
    heading.textContent = 'Job not found';
    return;
  }
  if (error.unreachable) handlers.onUnreachable?.(error);
  watched.failedPolls += 1;
  if (watched.failedPolls >= MAX_FAILED_POLLS) {
    clearInterval(watched.ticker);
    showJobError(`Lost contact with the opad API after ${MAX_FAILED_POLLS} tries. The article may still be being written; check again in a moment.`);
    resume.hidden = false;
    return;
  }
  showJobError(`The opad API did not answer (${error.message}). Trying again…`);
  watched.timer = setTimeout(() => poll(watched), FAST_POLL_MS * 2 ** watched.failedPolls);
}

function show(watched, job) {
  const first = watched.job === null;
  watched.job = job;
  if (first) {
    describeArticle(watched, job.article_id);
    watched.ticker = setInterval(() => tick(watched), 1000);
  }
  if (!watched.failedPolls) jobError.hidden = true;
  renderProgress(watched, job);
  tick(watched);
  if (watched.shownVersion !== job.version) {
    watched.shownVersion = job.version;
    renderFacts(job);
    refreshTimeline(watched);
    refreshUsage(watched, job.article_id);
  }
}

async function describeArticle(watched, articleId) {
  try {
    const article = await getArticle(articleId);
    if (watched !== active) return;
    topic.textContent = [article.topic, article.language, article.level, `${article.length} words`].join(' · ');
    watched.articleShown = article;
  } catch {
    // The progress is what matters on this page; the article's details are a nicety.
  }
}

function tick(watched) {
  const job = watched.job;
  if (!job?.created_at) return;
  const end = FINAL.has(job.status) ? new Date(job.updated_at).getTime() : Date.now();
  elapsed.textContent = `${FINAL.has(job.status) ? 'Took' : 'Elapsed'} ${formatDuration(end - new Date(job.created_at).getTime())}`;
}

function renderProgress(watched, job) {
  const progress = Math.max(0, Math.min(100, Number(job.progress) || 0));
  const stage = job.status === 'retrying' ? 'retrying' : (job.stage || job.status);
  bar.value = job.status === 'completed' ? 100 : progress;
  bar.setAttribute('aria-valuetext', `${bar.value}%, ${stage}`);
  percent.textContent = `${bar.value}%`;
  setText(stageText, stage);
  message.textContent = watched.cancelRequested && !FINAL.has(job.status)
    ? 'Stopping: the writer has been told to stop.' : (job.message || '');
  attempt.textContent = job.max_attempts ? `Attempt ${job.attempt} of ${job.max_attempts}` : `Attempt ${job.attempt}`;
  attempt.hidden = !job.attempt;
  setRetrying(job.status === 'retrying' ? job : null);
  cancelButton.hidden = !CANCELLABLE.has(job.status);

  const index = job.status === 'completed' ? STAGES.length - 1 : Math.max(0, STAGES.indexOf(job.stage || 'queued'));
  stageItems.forEach((item, i) => {
    const done = i < index || job.status === 'completed';
    const current = i === index && !done && !FINAL.has(job.status);
    item.classList.toggle('is-done', done);
    item.classList.toggle('is-current', current);
    item.classList.toggle('is-failed', i === index && (job.status === 'failed' || job.status === 'cancelled'));
    if (current) item.setAttribute('aria-current', 'step'); else item.removeAttribute('aria-current');
  });
}

function finish(watched, job) {
  clearTimeout(watched.timer);
  clearInterval(watched.ticker);
  tick(watched);
  const hadFocus = document.activeElement === cancelButton;
  cancelButton.hidden = true;
  resume.hidden = true;
  if (job.status === 'completed') {
    heading.textContent = 'Your article is ready';
    openArticle.href = articlePath(job.article_id);
    openArticle.hidden = false;
    if (hadFocus || document.activeElement === document.body) openArticle.focus();
  } else {
    heading.textContent = job.status === 'cancelled' ? 'Cancelled' : 'Writing stopped';
    showJobError({
      failed: job.error ? `Writing the article failed: ${job.error}` : 'Writing the article failed.',
      cancelled: 'The job was cancelled.',
      discarded: 'The job was discarded.',
    }[job.status]);
    retryButton.hidden = !RETRYABLE.has(job.status);
    if (hadFocus && !retryButton.hidden) retryButton.focus();
  }
}

/** Stops following without a final status to show (the job is gone). */
function stop(watched, reason) {
  clearTimeout(watched.timer);
  clearInterval(watched.ticker);
  cancelButton.hidden = true;
  showJobError(reason);
}

async function cancel() {
  const watched = active;
  if (!watched || watched.cancelRequested) return;
  watched.cancelRequested = true;
  setBusy(cancelButton, true, 'Cancelling…');
  try {
    const job = await cancelJob(watched.jobId);
    if (watched !== active) return;
    show(watched, job);
    // 200: cancelled at once. 202: the worker was told to stop; polling sees it happen.
    if (FINAL.has(job.status)) finish(watched, job); else pollNow(watched);
  } catch (error) {
    if (watched !== active) return;
    if (error.unreachable) handlers.onUnreachable?.(error);
    watched.cancelRequested = false;
    if (error.status === 409) pollNow(watched); // it ended on its own meanwhile; the next poll shows how
    else showJobError(`The job could not be cancelled: ${error.message}`);
  } finally {
    setBusy(cancelButton, false, 'Cancel');
  }
}

async function retry() {
  const watched = active;
  if (!watched || retryButton.getAttribute('aria-disabled') === 'true') return;
  setBusy(retryButton, true, 'Retrying…');
  try {
    await retryJob(watched.jobId);
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    if (watched === active) showJobError(`The job could not be retried: ${error.message}`);
    return;
  } finally {
    setBusy(retryButton, false, 'Retry');
  }
  if (watched !== active) return;
  const hadFocus = document.activeElement === retryButton;
  enter(watched.jobId);
  if (hadFocus) cancelButton.focus();
}

function renderFacts(job) {
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

async function refreshTimeline(watched) {
  try {
    const events = await getJobEvents(watched.jobId);
    if (watched !== active) return;
    timelineError.hidden = true;
    timeline.replaceChildren(...events.map(eventItem));
  } catch (error) {
    if (watched !== active) return;
    timelineError.textContent = `The timeline could not be loaded: ${error.message}`;
    timelineError.hidden = false;
  }
}

const EVENT_TEXT = {
  'job.queued': 'Queued',
  'job.started': 'A writer picked it up',
  'job.stage.started': 'Started',
  'job.stage.completed': 'Finished',
  'job.retry_scheduled': 'Failed; retry scheduled',
  'job.failed': 'Failed',
  'job.completed': 'Completed',
  'job.cancel_requested': 'Cancel requested',
  'job.cancelled': 'Cancelled',
  'job.requeued': 'Handed back to the queue',
  'job.discarded': 'Discarded',
};

function eventItem(event) {
  const li = document.createElement('li');
  li.className = `timeline-item level-${event.level || 'info'}`;
  li.dataset.type = event.type;
  const time = document.createElement('time');
  time.dateTime = event.occurred_at;
  time.textContent = formatTime(event.occurred_at);
  const what = document.createElement('span');
  what.className = 'timeline-what';
  // A stage event names its stage; the others carry the stage they happened in, which says little.
  const stage = event.type.startsWith('job.stage.') ? event.stage : '';
  what.textContent = [EVENT_TEXT[event.type] || event.type, stage].filter(Boolean).join(': ');
  const detail = document.createElement('span');
  detail.className = 'muted timeline-detail';
  detail.textContent = [event.attempt ? `attempt ${event.attempt}` : '', event.data?.error || event.data?.reason || '']
    .filter(Boolean).join(' · ');
  li.append(time, what, detail);
  return li;
}

async function refreshUsage(watched, articleId) {
  try {
    const usage = await getArticleUsage(articleId);
    if (watched !== active) return;
    usageBody.replaceChildren(...usageRows(usage.by_stage, usage.totals, 'No model calls yet'));
  } catch {
    if (watched === active) usageBody.replaceChildren(row(['Usage is not available right now', '', '', '']));
  }
}

/**
 * "Retrying at 10:31:05. The last attempt failed: …" for a job waiting to retry, or nothing. The notice
 * is a live region, so it is only rewritten when what it says changes, not on every poll.
 */
function setRetrying(job) {
  const key = job ? `${job.next_attempt_at}|${job.error}` : '';
  if (retrying.dataset.shown === key) return;
  retrying.dataset.shown = key;
  if (!job) {
    retrying.replaceChildren();
    retrying.hidden = true;
    return;
  }
  const when = formatTime(job.next_attempt_at);
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
  retrying.hidden = false;
}

/** Writes text only when it changed, so a live region does not repeat itself on every poll. */
function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function showJobError(text) {
  jobError.textContent = text;
  jobError.hidden = false;
}

// Busy buttons are marked with aria-disabled rather than disabled: a disabled button drops the
// keyboard focus, and focus should stay put (or move on to Retry) while the request runs.
function setBusy(button, busy, label) {
  if (busy) button.setAttribute('aria-disabled', 'true'); else button.removeAttribute('aria-disabled');
  button.textContent = label;
}

function reset() {
  heading.textContent = 'Writing your article';
  topic.textContent = '';
  bar.value = 0;
  percent.textContent = '0%';
  stageText.textContent = 'queued';
  message.textContent = 'Asking for the job…';
  elapsed.textContent = '';
  attempt.hidden = true;
  setRetrying(null);
  jobError.hidden = true;
  resume.hidden = true;
  openArticle.hidden = true;
  setBusy(cancelButton, false, 'Cancel');
  cancelButton.hidden = true;
  setBusy(retryButton, false, 'Retry');
  retryButton.hidden = true;
  factsList.replaceChildren();
  timeline.replaceChildren();
  timelineError.hidden = true;
  usageBody.replaceChildren();
  stageItems.forEach((item) => {
    item.classList.remove('is-done', 'is-current', 'is-failed');
    item.removeAttribute('aria-current');
  });
}

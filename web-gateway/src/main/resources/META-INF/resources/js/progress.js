// Follows one generation job: polls its status once a second and shows where it is. Polling stops
// when the job ends, when the job is gone, or after a few failed polls in a row, so the page never
// spins on an api that is not there. A job waiting to retry is still under way. While it runs the
// job can be cancelled; once it has failed or been cancelled it can be retried under the same id.

import { cancelJob, getJob, retryJob } from './api.js';
import { formatTime } from './labels.js';

export const STAGES = ['queued', 'researching', 'writing', 'reviewing', 'glossary', 'storing', 'completed'];
const FINAL = new Set(['completed', 'failed', 'cancelled', 'discarded']);
const RETRYABLE = new Set(['failed', 'cancelled']);
const POLL_MS = 1000;
const MAX_FAILED_POLLS = 5;
const STORAGE_KEY = 'opad.activeJob';

const panel = document.getElementById('progress-panel');
const heading = document.getElementById('progress-heading');
const bar = document.getElementById('progress');
const stageText = document.getElementById('stage');
const percent = document.getElementById('progress-percent');
const stageItems = [...document.querySelectorAll('#stages li')];
const message = document.getElementById('job-message');
const attempt = document.getElementById('job-attempt');
const retrying = document.getElementById('job-retrying');
const jobError = document.getElementById('job-error');
const cancelButton = document.getElementById('cancel-job');
const retryButton = document.getElementById('retry-job');
const resume = document.getElementById('resume-polling');

/** The job being followed, or null. */
let active = null;
/** The last job that ended failed or cancelled, which the Retry button starts again; or null. */
let retryable = null;

/**
 * @param {{jobId: string, articleId: string}} job
 * @param {object} handlers onCompleted(articleId), onEnded(), onRetried(), onUnreachable(error), onReachable()
 */
export function trackJob(job, handlers) {
  stopTracking();
  retryable = null;
  active = { ...job, handlers, failedPolls: 0, timer: null, polling: false, stageIndex: 0, cancelRequested: false };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(job));
  resetPanel();
  poll(active);
}

/** Picks up the job this tab was following before a reload, if any. */
export function resumeStoredJob(handlers) {
  try {
    const job = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
    if (job?.jobId && job?.articleId) trackJob(job, handlers);
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

export function stopTracking() {
  if (active) clearTimeout(active.timer);
  active = null;
}

/** Stops following the job and hides it; with forget, a reload will not pick it up again either. */
export function closeProgress({ forget = false } = {}) {
  stopTracking();
  retryable = null;
  if (forget) sessionStorage.removeItem(STORAGE_KEY);
  panel.hidden = true;
}

resume.addEventListener('click', () => {
  if (!active) return;
  active.failedPolls = 0;
  resume.hidden = true;
  jobError.hidden = true;
  poll(active);
});

// The buttons are marked busy with aria-disabled rather than disabled: a disabled button drops the
// keyboard focus, and focus should stay put (or move on to Retry) while the request runs.

cancelButton.addEventListener('click', async () => {
  const tracked = active;
  if (!tracked || tracked.cancelRequested) return;
  tracked.cancelRequested = true;
  setBusy(cancelButton, true, 'Cancelling…');
  jobError.hidden = true;
  let job;
  try {
    job = await cancelJob(tracked.jobId);
  } catch (error) {
    if (tracked !== active) return;
    if (error.unreachable) tracked.handlers.onUnreachable?.(error);
    tracked.cancelRequested = false;
    setBusy(cancelButton, false, 'Cancel');
    if (error.status === 409) {
      // It ended on its own in the meantime; the next poll shows how.
      pollNow(tracked);
    } else {
      showJobError(`The job could not be cancelled: ${error.message}`);
    }
    return;
  }
  if (tracked !== active) return;
  render(tracked, job);
  // 200: cancelled at once. 202: the worker was told to stop; polling sees it happen.
  if (FINAL.has(job.status)) finish(tracked, job);
});

retryButton.addEventListener('click', async () => {
  const ended = retryable;
  if (!ended || retryButton.getAttribute('aria-disabled') === 'true') return;
  setBusy(retryButton, true, 'Retrying…');
  try {
    await retryJob(ended.jobId);
  } catch (error) {
    if (error.unreachable) ended.handlers.onUnreachable?.(error);
    if (retryable === ended) showJobError(`The job could not be retried: ${error.message}`);
    return;
  } finally {
    setBusy(retryButton, false, 'Retry');
  }
  if (retryable !== ended) return;
  const hadFocus = document.activeElement === retryButton;
  trackJob({ jobId: ended.jobId, articleId: ended.articleId }, ended.handlers);
  ended.handlers.onRetried?.();
  if (hadFocus) cancelButton.focus();
});

async function poll(tracked) {
  tracked.polling = true;
  let job;
  try {
    job = await getJob(tracked.jobId);
  } catch (error) {
    tracked.polling = false;
    if (tracked === active) pollFailed(tracked, error);
    return;
  }
  tracked.polling = false;
  if (tracked !== active) return;
  tracked.failedPolls = 0;
  tracked.handlers.onReachable?.();
  render(tracked, job);
  if (FINAL.has(job.status)) {
    finish(tracked, job);
  } else {
    tracked.timer = setTimeout(() => poll(tracked), POLL_MS);
  }
}

/** Polls at once, unless a poll is already on its way (it schedules the next one itself). */
function pollNow(tracked) {
  if (tracked.polling) return;
  clearTimeout(tracked.timer);
  poll(tracked);
}

function pollFailed(tracked, error) {
  if (error.status === 404) {
    end(tracked, 'This job could not be found any more. Check your articles list for the result.');
    return;
  }
  if (error.unreachable) tracked.handlers.onUnreachable?.(error);
  tracked.failedPolls += 1;
  if (tracked.failedPolls >= MAX_FAILED_POLLS) {
    showJobError(`Lost contact with the opad API after ${MAX_FAILED_POLLS} tries. The article may still be being written; check again in a moment.`);
    resume.hidden = false;
    return;
  }
  tracked.timer = setTimeout(() => poll(tracked), POLL_MS * (tracked.failedPolls + 1));
}

function finish(tracked, job) {
  if (job.status === 'completed') {
    clearTimeout(tracked.timer);
    heading.textContent = 'Your article is ready';
    cancelButton.hidden = true;
    sessionStorage.removeItem(STORAGE_KEY);
    tracked.handlers.onCompleted(tracked.articleId);
    tracked.handlers.onEnded?.();
    active = null;
  } else if (job.status === 'failed') {
    end(tracked, job.error ? `Writing the article failed: ${job.error}` : 'Writing the article failed.', job);
  } else if (job.status === 'cancelled') {
    end(tracked, 'The job was cancelled.', job);
  } else {
    end(tracked, 'The job was discarded.', job);
  }
}

/** The job stopped short of an article; one that failed or was cancelled can be retried from here. */
function end(tracked, reason, job = null) {
  clearTimeout(tracked.timer);
  const cancelHadFocus = document.activeElement === cancelButton;
  heading.textContent = 'Writing stopped';
  showJobError(reason);
  markFailed(tracked.stageIndex);
  setRetrying(null);
  cancelButton.hidden = true;
  retryable = job && RETRYABLE.has(job.status) ? tracked : null;
  retryButton.hidden = !retryable;
  if (cancelHadFocus && retryable) retryButton.focus();
  sessionStorage.removeItem(STORAGE_KEY);
  tracked.handlers.onEnded?.();
  active = null;
}

function render(tracked, job) {
  const progress = Math.max(0, Math.min(100, Number(job.progress) || 0));
  const stage = job.status === 'retrying' ? 'retrying' : (job.stage || job.status);
  bar.value = job.status === 'completed' ? 100 : progress;
  bar.setAttribute('aria-valuetext', `${progress}%, ${stage}`);
  percent.textContent = `${bar.value}%`;
  setText(stageText, stage);
  message.textContent = tracked.cancelRequested ? 'Stopping: the writer has been told to stop.' : (job.message || '');
  attempt.textContent = attemptText(job);
  attempt.hidden = !job.attempt;
  setRetrying(job.status === 'retrying' ? job : null);

  const index = job.status === 'completed' ? STAGES.length - 1 : STAGES.indexOf(job.stage);
  if (index >= 0) tracked.stageIndex = index;
  stageItems.forEach((item, i) => {
    const done = i < tracked.stageIndex || job.status === 'completed';
    const current = i === tracked.stageIndex && !done;
    item.classList.toggle('is-done', done);
    item.classList.toggle('is-current', current);
    item.classList.remove('is-failed');
    if (current) item.setAttribute('aria-current', 'step'); else item.removeAttribute('aria-current');
  });
}

function attemptText(job) {
  if (!job.attempt) return '';
  return job.max_attempts ? `Attempt ${job.attempt} of ${job.max_attempts}` : `Attempt ${job.attempt}`;
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

function markFailed(index) {
  const item = stageItems[index];
  if (!item) return;
  item.classList.remove('is-current');
  item.removeAttribute('aria-current');
  item.classList.add('is-failed');
}

function showJobError(text) {
  jobError.textContent = text;
  jobError.hidden = false;
}

function setBusy(button, busy, label) {
  if (busy) button.setAttribute('aria-disabled', 'true'); else button.removeAttribute('aria-disabled');
  button.textContent = label;
}

function resetPanel() {
  panel.hidden = false;
  heading.textContent = 'Writing your article';
  bar.value = 0;
  percent.textContent = '0%';
  stageText.textContent = 'queued';
  message.textContent = 'Waiting for a writer…';
  attempt.hidden = true;
  setRetrying(null);
  jobError.hidden = true;
  resume.hidden = true;
  setBusy(cancelButton, false, 'Cancel');
  cancelButton.hidden = false;
  setBusy(retryButton, false, 'Retry');
  retryButton.hidden = true;
  stageItems.forEach((item) => {
    item.classList.remove('is-done', 'is-current', 'is-failed');
    item.removeAttribute('aria-current');
  });
}

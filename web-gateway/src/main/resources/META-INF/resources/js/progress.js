// Follows one generation job: polls its status once a second and shows where it is. Polling stops
// when the job ends, when the job is gone, or after a few failed polls in a row, so the page never
// spins on an api that is not there.

import { getJob } from './api.js';

export const STAGES = ['queued', 'planning', 'writing', 'reviewing', 'storing', 'completed'];
const FINAL = new Set(['completed', 'failed', 'cancelled']);
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
const jobError = document.getElementById('job-error');
const resume = document.getElementById('resume-polling');

let active = null;

/**
 * @param {{jobId: string, articleId: string}} job
 * @param {object} handlers onCompleted(articleId), onEnded(), onUnreachable(error), onReachable()
 */
export function trackJob(job, handlers) {
  stopTracking();
  active = { ...job, handlers, failedPolls: 0, timer: null, stageIndex: 0 };
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

async function poll(tracked) {
  let job;
  try {
    job = await getJob(tracked.jobId);
  } catch (error) {
    if (tracked === active) pollFailed(tracked, error);
    return;
  }
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
    heading.textContent = 'Your article is ready';
    sessionStorage.removeItem(STORAGE_KEY);
    tracked.handlers.onCompleted(tracked.articleId);
    tracked.handlers.onEnded?.();
    active = null;
  } else if (job.status === 'failed') {
    end(tracked, job.error ? `Writing the article failed: ${job.error}` : 'Writing the article failed.');
  } else {
    end(tracked, 'The job was cancelled.');
  }
}

function end(tracked, reason) {
  heading.textContent = 'Writing stopped';
  showJobError(reason);
  markFailed(tracked.stageIndex);
  sessionStorage.removeItem(STORAGE_KEY);
  tracked.handlers.onEnded?.();
  active = null;
}

function render(tracked, job) {
  const progress = Math.max(0, Math.min(100, Number(job.progress) || 0));
  bar.value = job.status === 'completed' ? 100 : progress;
  bar.setAttribute('aria-valuetext', `${progress}%, ${job.stage || job.status}`);
  percent.textContent = `${bar.value}%`;
  stageText.textContent = job.stage || job.status;
  message.textContent = job.message || '';
  attempt.textContent = job.attempt ? `Attempt ${job.attempt}` : '';
  attempt.hidden = !job.attempt;

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

function markFailed(index) {
  const item = stageItems[index];
  if (!item) return;
  item.classList.remove('is-current');
  item.classList.add('is-failed');
}

function showJobError(text) {
  jobError.textContent = text;
  jobError.hidden = false;
}

function resetPanel() {
  panel.hidden = false;
  heading.textContent = 'Writing your article';
  bar.value = 0;
  percent.textContent = '0%';
  stageText.textContent = 'queued';
  message.textContent = 'Waiting for a writer…';
  attempt.hidden = true;
  jobError.hidden = true;
  resume.hidden = true;
  stageItems.forEach((item) => item.classList.remove('is-done', 'is-current', 'is-failed'));
}

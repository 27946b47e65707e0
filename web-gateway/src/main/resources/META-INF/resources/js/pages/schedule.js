// One schedule and its runs, newest first (#/schedules/<id>): when each was due, what started it,
// its outcome in words (and why it was skipped), links to the article it wrote and to its job, its
// tokens and cost. Drawn by render(state) from one ScheduleView; leaving the page aborts its calls.

import { getSchedule, isAbort, listScheduleRuns } from '../api.js';
import { byId } from '../dom.js';
import {
  facts, formatCost, formatDate, formatNumber, languageName, link, row, statusBadge,
} from '../labels.js';
import { articlePath, jobPath } from '../router.js';
import { TRIGGER_LABELS, describeOutcome, describeTotals } from '../schedule-rules.js';

const RUN_LIMIT = 50;

/**
 * @typedef {object} ScheduleView
 * @property {string|null} id
 * @property {any|null} schedule
 * @property {any[]|null} runs
 * @property {string|null} error
 */

const heading = byId('schedule-heading');
const errorLine = byId('schedule-error');
const scheduleFacts = byId('schedule-facts');
const runsBody = byId('schedule-runs');
const runsEmpty = byId('runs-empty');

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {ScheduleView} */
let state = { id: null, schedule: null, runs: null, error: null };
/** @type {AbortController|null} */
let visit = null;
const drawn = { schedule: undefined, runs: undefined };

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
}

/** @param {string} scheduleId */
export function enter(scheduleId) {
  leave();
  visit = new AbortController();
  update({ id: scheduleId, schedule: null, runs: null, error: null });
  load(scheduleId, visit.signal);
}

export function leave() {
  visit?.abort();
  visit = null;
}

/** @param {Partial<ScheduleView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

async function load(scheduleId, signal) {
  try {
    const [schedule, runs] = await Promise.all([
      getSchedule(scheduleId, { signal }),
      listScheduleRuns(scheduleId, RUN_LIMIT, { signal }),
    ]);
    update({ schedule, runs: runs.items });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ error: failure.status === 404 ? 'There is no such schedule, or it is not yours.'
      : `This schedule could not be loaded. ${failure.message}` });
  }
}

/** @param {ScheduleView} view */
function render(view) {
  errorLine.textContent = view.error ?? '';
  errorLine.hidden = !view.error;
  if (drawn.schedule !== view.schedule) {
    drawn.schedule = view.schedule;
    const schedule = view.schedule;
    heading.textContent = schedule?.name ?? 'Schedule';
    facts(scheduleFacts, schedule ? [
      ['When', schedule.description],
      ['Status', statusBadge(schedule.status)],
      ['Why paused', schedule.status === 'paused' ? schedule.paused_reason : null],
      ['Writes', [languageName(schedule.language), schedule.level, `${schedule.length} words`].join(' · ')],
      ['About', schedule.theme ? `the theme “${schedule.theme}”` : (schedule.topics ?? []).join(', ')],
      ['Next run', schedule.status === 'paused' ? null : formatDate(schedule.next_run_at)],
      ['Last run', schedule.last_run_at ? formatDate(schedule.last_run_at) : 'never'],
      ['Runs', describeTotals(schedule)],
      ['Failed in a row', schedule.consecutive_failures
        ? `${schedule.consecutive_failures} of at most ${schedule.max_consecutive_failures}` : null],
    ] : []);
  }
  runsEmpty.hidden = !view.runs || view.runs.length > 0;
  if (drawn.runs !== view.runs) {
    drawn.runs = view.runs;
    runsBody.replaceChildren(...(view.runs ?? []).map(runRow));
  }
}

function runRow(run) {
  const article = document.createElement('span');
  article.className = 'run-links';
  // Only a written run's article can be read; a failed or cancelled one's job says what became of it.
  if (run.article_id && run.outcome === 'completed') {
    const read = link(articlePath(run.article_id), 'Article');
    read.dataset.testid = 'run-article';
    article.append(read);
  }
  if (run.job_id) {
    const job = link(jobPath(run.job_id), 'Job');
    job.dataset.testid = 'run-job';
    article.append(...(article.childElementCount ? [' · '] : []), job);
  }
  const outcome = document.createElement('span');
  outcome.textContent = describeOutcome(run);
  outcome.dataset.testid = 'run-outcome';
  const tr = row([
    formatDate(run.scheduled_for ?? run.fired_at),
    TRIGGER_LABELS[run.trigger] ?? run.trigger,
    outcome,
    article,
    { value: run.tokens === null || run.tokens === undefined ? '' : formatNumber(run.tokens), num: true },
    { value: run.cost_usd === null || run.cost_usd === undefined ? '' : formatCost(run.cost_usd), num: true },
  ]);
  tr.dataset.testid = 'run-row';
  return tr;
}

// Display names for what the api sends as codes. Which codes exist is the api's to say (meta.js,
// GET /api/meta); the words people read are here, keyed by those codes. The UI's tests check that
// every code the api lists has its words.

import { current } from './meta.js';

/** A language as the order form offers it: its English name, and its own where that differs. */
export const LANGUAGE_LABELS = {
  en: 'English', de: 'German (Deutsch)', es: 'Spanish (Español)', fr: 'French (Français)',
  it: 'Italian (Italiano)', pt: 'Portuguese (Português)', nl: 'Dutch (Nederlands)', ko: 'Korean (한국어)',
  ja: 'Japanese (日本語)', zh: 'Chinese (中文)',
};

/** What a reader at each CEFR level can read. */
export const LEVEL_LABELS = {
  A1: 'Beginner: everyday phrases, very short sentences',
  A2: 'Elementary: routine topics, simple connected sentences',
  B1: 'Intermediate: familiar matters, clear main points',
  B2: 'Upper intermediate: detailed text, abstract topics',
  C1: 'Advanced: long, demanding text, implicit meaning',
  C2: 'Proficient: virtually everything, fine nuance',
};

/** The steps of a job's progress list; after the api's stages comes the finished article. */
export const STAGE_LABELS = {
  queued: 'Queued', researching: 'Researching', writing: 'Writing', reviewing: 'Reviewing',
  glossary: 'Glossary', storing: 'Storing',
};
export const DONE_LABEL = 'Done';

/** The job page's heading in each job state. */
export const JOB_STATE_HEADINGS = {
  queued: 'Writing your article', running: 'Writing your article', retrying: 'Writing your article',
  completed: 'Your article is ready', failed: 'Writing stopped', cancelled: 'Cancelled', discarded: 'Writing stopped',
};

/** The library's status filter. */
export const ARTICLE_STATUS_LABELS = {
  pending: 'Not started', running: 'Running', completed: 'Completed', failed: 'Failed',
};

/** A job's timeline, one line per event type. */
export const EVENT_LABELS = {
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

/** What a webhook event tells, for the Account page's checkboxes and delivery log. */
export const WEBHOOK_EVENT_LABELS = {
  'job.completed': 'An article is ready',
  'job.failed': 'A job failed',
  'job.cancelled': 'A job was cancelled',
  'schedule.paused': 'A schedule was paused',
  'webhook.test': 'Test event',
};

/**
 * The words for a code, or the code itself when there are none (a code newer than this page).
 *
 * @param {Object<string, string>} labels
 * @param {string} code
 */
export function label(labels, code) {
  return Object.hasOwn(labels, code) ? labels[code] : code;
}

/** "de" or "German" (or "GERMAN") → "German"; anything unknown is shown as sent. */
export function languageName(value) {
  if (!value) return '';
  const lower = String(value).toLowerCase();
  const known = current().languages.find((language) => language.code === lower || language.name.toLowerCase() === lower);
  return known ? known.name : String(value);
}

export function badge(text, modifier) {
  const element = document.createElement('span');
  element.className = modifier ? `badge badge-${modifier}` : 'badge';
  element.textContent = text;
  return element;
}

export function statusBadge(status) {
  return badge(status, `status-${String(status).replace(/[^a-z]/g, '')}`);
}

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A time of day with seconds, for moments minutes away such as the next retry. */
export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { timeStyle: 'medium' });
}

const numbers = new Intl.NumberFormat();

export function formatNumber(value) {
  return value === null || value === undefined ? '–' : numbers.format(value);
}

/** US dollars with enough digits for the fractions of a cent one call costs; "unknown" when unpriced. */
export function formatCost(usd, complete = true) {
  if (usd === null || usd === undefined) return 'unknown';
  const value = Number(usd);
  const text = value === 0 ? '$0' : `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
  return complete ? text : `${text}+`;
}

/** "3 min 05 s", "42 s" */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** "12 s ago", "3 min ago" */
export function formatAge(iso, now = Date.now()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${formatDuration(now - date.getTime())} ago`;
}

/** A <dt>/<dd> pair per entry, skipping empty values. */
export function facts(list, entries) {
  list.replaceChildren(...entries.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
      return [dt, dd];
    }));
}

/** A table row of cells; a cell is text, a Node, or {value, num: true} for a right-aligned number. */
export function row(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((cell) => {
    const td = document.createElement('td');
    const value = cell && typeof cell === 'object' && !(cell instanceof Node) ? cell.value : cell;
    if (cell && cell.num) td.className = 'num';
    if (value instanceof Node) td.append(value); else td.textContent = value ?? '';
    return td;
  }));
  return tr;
}

export function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

export function shortId(id) {
  return String(id || '').slice(0, 8);
}

/**
 * A small button that runs an api call: disabled while the call runs; a failure goes to
 * {@code onError}, which shows it in the page's own error line.
 */
export function actionButton({ label, testid, ariaLabel, perform, onError }) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button-quiet button-small';
  button.textContent = label;
  button.dataset.testid = testid;
  button.setAttribute('aria-label', ariaLabel);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await perform();
    } catch (failure) {
      onError(failure);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Rows of tokens and cost per stage (usage.by_stage), a total row when totals are given, or one row saying there are none. */
export function usageRows(byStage, totals, emptyText) {
  const figures = (label, t) => row([label, { value: formatNumber(t.calls), num: true },
    { value: formatNumber(t.total_tokens), num: true }, { value: formatCost(t.cost_usd, t.cost_complete), num: true }]);
  const rows = (byStage || []).map((stage) => figures(stage.stage, stage.totals));
  if (rows.length === 0) return [row([emptyText, '', '', ''])];
  if (totals) {
    const total = figures('Total', totals);
    total.className = 'total';
    rows.push(total);
  }
  return rows;
}

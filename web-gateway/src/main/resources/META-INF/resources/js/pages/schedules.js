// Schedules: the reader's schedules (what, when in words, status, next run, totals) with Pause or
// Resume, Run now, Edit and Delete (confirmed, optionally stopping the article being written), and
// Feed: the schedule's Atom feed address, to copy or to replace after a confirmation; the
// form that creates or edits one, with the next runs previewed by the api as the rule is typed; and
// what the schedules did lately. Drawn by render(state) from one SchedulesView; the inputs hold the
// form's values, as on the New article page.
//
// The preview waits until typing pauses, and a newer preview aborts the one on its way, so a slow
// answer for an old rule never replaces the newer one. Leaving the page aborts everything.

import {
  createSchedule, deleteSchedule, isAbort, listActivity, listSchedules, pauseSchedule, previewSchedule,
  resumeSchedule, rotateScheduleFeed, runSchedule, updateSchedule,
} from '../api.js';
import { confirmAction, confirmWithChoice } from '../dialog.js';
import { addOptions, byId, fromTemplate } from '../dom.js';
import { clearFieldError, clearOnInput, fieldName, placeFieldErrors, showFieldError } from '../fields.js';
import { LANGUAGE_LABELS, LEVEL_LABELS, actionButton, badge, formatDate, label, languageName } from '../labels.js';
import { current } from '../meta.js';
import { articlePath, jobPath, schedulePath } from '../router.js';
import {
  FREQUENCY_LABELS, STATUS_LABELS, WEEKDAY_LABELS, browserTimeZone, buildChange, buildRule, buildSchedule,
  describeTotals, feedRotatedNotice, feedRotationQuestion, formatInZone, ruleFieldsFor, scheduleFields, timeZones,
  withSchedule,
} from '../schedule-rules.js';
import { copyText } from '../secret-box.js';

const DEFAULT_LANGUAGE = 'de';
const DEFAULT_LEVEL = 'B1';
const PREVIEW_COUNT = 5;
/** How long typing must pause before the rule is previewed. */
const PREVIEW_DELAY_MS = 300;
const ACTIVITY_LIMIT = 10;

/**
 * @typedef {object} SchedulesView
 * @property {any[]|null} schedules null until loaded
 * @property {boolean} loading
 * @property {string|null} error the list's error line
 * @property {{text: string, jobId: string|null}|null} notice e.g. that a run started
 * @property {any|null} editing the schedule the form edits, null for a new one
 * @property {boolean} saving
 * @property {string|null} formError
 * @property {string} frequency the form's, for which rule fields show
 * @property {'topics'|'theme'} content the form's choice
 * @property {{description: string, next_runs: {local: string, utc: string}[], timezone: string}|null} preview
 * @property {string|null} previewError
 * @property {any[]|null} activity
 * @property {string|null} feedShown the schedule whose feed address is shown under its row
 * @property {string} feedCopyLabel what that feed's Copy button says
 */

const list = byId('schedule-list');
const empty = byId('schedules-empty');
const errorLine = byId('schedules-error');
const notice = byId('schedules-notice');
const form = byId('schedule-form', HTMLFormElement);
const formHeading = byId('schedule-form-heading');
const submit = byId('schedule-submit', HTMLButtonElement);
const cancelEdit = byId('schedule-cancel-edit', HTMLButtonElement);
const formError = byId('schedule-form-error');
const more = form.querySelector('details');
const previewDescription = byId('schedule-preview-description');
const previewError = byId('schedule-preview-error');
const previewRuns = byId('schedule-preview-runs');
const activityList = byId('activity-list');
const activityEmpty = byId('activity-empty');
/** The inputs by the api's field names, so a problem's field errors land next to them. */
const inputs = {
  name: byId('schedule-name', HTMLInputElement),
  frequency: byId('schedule-frequency', HTMLSelectElement),
  day_of_week: byId('schedule-day-of-week', HTMLSelectElement),
  day_of_month: byId('schedule-day-of-month', HTMLSelectElement),
  time: byId('schedule-time', HTMLInputElement),
  cron: byId('schedule-cron', HTMLInputElement),
  timezone: byId('schedule-timezone', HTMLInputElement),
  language: byId('schedule-language', HTMLSelectElement),
  level: byId('schedule-level', HTMLSelectElement),
  length: byId('schedule-length', HTMLInputElement),
  topics: byId('schedule-topics', HTMLTextAreaElement),
  theme: byId('schedule-theme', HTMLInputElement),
  source_url: byId('schedule-source-url', HTMLInputElement),
  source_text: byId('schedule-source-text', HTMLTextAreaElement),
  max_consecutive_failures: byId('schedule-max-failures', HTMLInputElement),
};
const RULE_INPUTS = ['frequency', 'day_of_week', 'day_of_month', 'time', 'cron', 'timezone'];
/** The rule's fields and the elements that show or hide with them. */
const ruleBlocks = {
  time: byId('schedule-time-field'),
  day_of_week: byId('schedule-day-of-week-field'),
  day_of_month: byId('schedule-day-of-month-field'),
  cron: byId('schedule-cron-field'),
};
const hourlyHint = byId('schedule-time-hint');
const contentBlocks = { topics: byId('schedule-topics-field'), theme: byId('schedule-theme-field') };

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {SchedulesView} */
let state = initialState();
/** The page's calls, aborted when it is left. @type {AbortController|null} */
let visit = null;
/** The preview on its way, aborted by a newer one. @type {AbortController|null} */
let previewCall = null;
let previewTimer = 0;
/** One Idempotency-Key per new schedule, kept until it was created (as on the New article page). */
let createKey = null;
/** What the last render drew of the parts only redrawn when they change. */
const drawn = { schedules: undefined, feedShown: undefined, preview: undefined, activity: undefined };

/** @returns {SchedulesView} */
function initialState() {
  return {
    schedules: null, loading: false, error: null, notice: null, editing: null, saving: false, formError: null,
    frequency: 'daily', content: 'topics', preview: null, previewError: null, activity: null,
    feedShown: null, feedCopyLabel: 'Copy',
  };
}

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
  offerChoices();
  form.addEventListener('submit', save);
  form.addEventListener('input', () => { createKey = null; });
  clearOnInput(inputs);
  RULE_INPUTS.forEach((name) => inputs[name].addEventListener('input', rulesChanged));
  inputs.frequency.addEventListener('change', rulesChanged);
  form.querySelectorAll('input[name=content]').forEach((radio) => radio.addEventListener('change', () =>
    update({ content: /** @type {'topics'|'theme'} */ (readContent()) })));
  cancelEdit.addEventListener('click', () => startNew());
  byId('schedules-new').addEventListener('click', () => {
    startNew();
    inputs.name.focus();
  });
}

/** The choices the form offers: frequencies and days in words; languages and levels from the api (meta.js). */
function offerChoices() {
  addOptions(inputs.frequency, Object.entries(FREQUENCY_LABELS), 'daily');
  addOptions(inputs.day_of_week, Object.entries(WEEKDAY_LABELS), 'monday');
  /** @type {[string, string][]} */
  const days = Array.from({ length: 31 }, (_, i) => [String(i + 1), String(i + 1)]);
  addOptions(inputs.day_of_month, [...days, ['last', 'the last day']], '1');
  const { languages, levels } = current();
  const defaultName = languages.find((language) => language.code === DEFAULT_LANGUAGE)?.name;
  addOptions(inputs.language, languages.map((language) => [language.name, label(LANGUAGE_LABELS, language.code)]), defaultName);
  // "B1 · Intermediate": the part of the level's words before the colon, which fits a select.
  addOptions(inputs.level, levels.map((level) => [level, `${level} · ${label(LEVEL_LABELS, level).split(':')[0]}`]), DEFAULT_LEVEL);
  byId('schedule-timezones').append(...timeZones().map((zone) => {
    const option = document.createElement('option');
    option.value = zone;
    return option;
  }));
  inputs.timezone.defaultValue = browserTimeZone();
}

export function enter() {
  leave();
  visit = new AbortController();
  update({ notice: null, error: null });
  load();
  previewSoon(0);
}

export function leave() {
  visit?.abort();
  visit = null;
  previewCall?.abort();
  previewCall = null;
  clearTimeout(previewTimer);
}

/** Empties the page, so nothing of one reader's stays for the next. */
export function clear() {
  leave();
  form.reset();
  Object.values(inputs).forEach(clearFieldError);
  createKey = null;
  state = initialState();
  render(state);
}

/** @param {Partial<SchedulesView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

async function load() {
  update({ loading: true });
  const signal = visit?.signal;
  try {
    const [{ items }, activity] = await Promise.all([
      listSchedules({ signal }),
      // Recent activity is a nicety: the page works without it.
      listActivity(ACTIVITY_LIMIT, { signal }).then((answer) => answer.items ?? [], (failure) => {
        if (isAbort(failure)) throw failure;
        return [];
      }),
    ]);
    update({ schedules: items, activity, loading: false, error: null });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ loading: false, error: `Your schedules could not be loaded. ${failure.message}` });
  }
}

// --- the form ---------------------------------------------------------------------------------

function readContent() {
  return /** @type {HTMLInputElement|null} */ (form.querySelector('input[name=content]:checked'))?.value ?? 'topics';
}

/** @returns {import('../schedule-rules.js').ScheduleFields} */
function readFields() {
  return {
    name: inputs.name.value,
    language: inputs.language.value,
    level: inputs.level.value,
    length: inputs.length.value,
    content: /** @type {'topics'|'theme'} */ (readContent()),
    topics: inputs.topics.value,
    theme: inputs.theme.value,
    source_url: inputs.source_url.value,
    source_text: inputs.source_text.value,
    max_consecutive_failures: inputs.max_consecutive_failures.value,
    rule: readRuleFields(),
  };
}

function readRuleFields() {
  return {
    frequency: inputs.frequency.value,
    time: inputs.time.value,
    timezone: inputs.timezone.value,
    day_of_week: inputs.day_of_week.value,
    day_of_month: inputs.day_of_month.value,
    cron: inputs.cron.value,
  };
}

/** Fills the form with a schedule to edit it. */
function startEdit(schedule) {
  const fields = scheduleFields(schedule, {
    frequency: 'daily', time: '07:00', timezone: browserTimeZone(), day_of_week: 'monday', day_of_month: '1', cron: '',
  });
  form.reset();
  Object.values(inputs).forEach(clearFieldError);
  for (const name of ['name', 'language', 'level', 'length', 'topics', 'theme', 'source_url', 'source_text', 'max_consecutive_failures']) {
    inputs[name].value = fields[name];
  }
  RULE_INPUTS.forEach((name) => { inputs[name].value = fields.rule[name]; });
  /** @type {HTMLInputElement} */ (form.querySelector(`input[name=content][value=${fields.content}]`)).checked = true;
  more.open = Boolean(fields.source_url || fields.source_text);
  update({ editing: schedule, formError: null, frequency: fields.rule.frequency, content: fields.content });
  previewSoon(0);
  formHeading.focus();
}

/** Back to an empty form for a new schedule. */
function startNew() {
  form.reset();
  Object.values(inputs).forEach(clearFieldError);
  createKey = null;
  update({ editing: null, formError: null, frequency: inputs.frequency.value, content: 'topics' });
  previewSoon(0);
}

function rulesChanged() {
  if (state.frequency !== inputs.frequency.value) update({ frequency: inputs.frequency.value });
  previewSoon(PREVIEW_DELAY_MS);
}

function previewSoon(delay) {
  clearTimeout(previewTimer);
  previewTimer = window.setTimeout(preview, delay);
}

/** Asks the api for the rule's next runs; its 400 names the field at fault, shown next to it (focus stays where the reader types). */
async function preview() {
  previewCall?.abort();
  const mine = new AbortController();
  previewCall = mine;
  const rule = buildRule(readRuleFields());
  try {
    const answer = await previewSchedule(rule, PREVIEW_COUNT, { signal: mine.signal });
    RULE_INPUTS.forEach((name) => clearFieldError(inputs[name]));
    update({ preview: { ...answer, timezone: String(rule.timezone) }, previewError: null });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    RULE_INPUTS.forEach((name) => clearFieldError(inputs[name]));
    for (const { field, message } of failure.fieldErrors) {
      const input = inputs[fieldName(field)];
      if (input) showFieldError(input, message);
    }
    update({ preview: null, previewError: failure.message });
  }
}

async function save(event) {
  event.preventDefault();
  Object.values(inputs).forEach(clearFieldError);
  update({ saving: true, formError: null });
  const editing = state.editing;
  const body = editing ? buildChange(readFields()) : buildSchedule(readFields());
  createKey ??= newKey();
  try {
    if (editing) {
      await updateSchedule(editing.id, body);
    } else {
      await createSchedule(body, createKey);
    }
    startNew();
    update({ saving: false, notice: { text: editing ? `“${body.name}” is saved.` : `“${body.name}” is scheduled.`, jobId: null } });
    await load();
    /** @type {HTMLElement|null} */ (list.querySelector('a[href]'))?.focus();
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    const unplaced = placeFieldErrors(failure, inputs);
    if (['source_url', 'source_text', 'max_consecutive_failures'].some((name) => inputs[name].getAttribute('aria-invalid'))) {
      more.open = true;
    }
    update({ saving: false, formError: [failure.message, ...unplaced].join(' ') });
  }
}

/** 128 random bits as hex; crypto.randomUUID exists only on https or localhost pages. */
function newKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// --- drawing ----------------------------------------------------------------------------------

/** @param {SchedulesView} view */
function render(view) {
  if (view.loading) list.setAttribute('aria-busy', 'true'); else list.removeAttribute('aria-busy');
  errorLine.textContent = view.error ?? '';
  errorLine.hidden = !view.error;
  renderNotice(view.notice);
  empty.hidden = !view.schedules || view.schedules.length > 0;
  if (drawn.schedules !== view.schedules || drawn.feedShown !== view.feedShown) {
    drawn.schedules = view.schedules;
    drawn.feedShown = view.feedShown;
    list.replaceChildren(...(view.schedules ?? []).map((schedule) => item(schedule, view)));
  }
  // Set in place: redrawing the row would lose the address the Copy button may just have selected.
  const feedCopy = list.querySelector('[data-testid=schedule-feed-copy]');
  if (feedCopy) feedCopy.textContent = view.feedCopyLabel;

  formHeading.textContent = view.editing ? `Edit “${view.editing.name}”` : 'New schedule';
  submit.textContent = view.editing ? 'Save changes' : 'Create schedule';
  submit.disabled = view.saving;
  cancelEdit.hidden = !view.editing;
  formError.textContent = view.formError ?? '';
  formError.hidden = !view.formError;
  const shown = ruleFieldsFor(view.frequency);
  Object.entries(ruleBlocks).forEach(([name, block]) => { block.hidden = !shown[name]; });
  hourlyHint.hidden = view.frequency !== 'hourly';
  Object.entries(contentBlocks).forEach(([name, block]) => { block.hidden = view.content !== name; });

  previewError.textContent = view.previewError ?? '';
  previewError.hidden = !view.previewError;
  if (drawn.preview !== view.preview) {
    drawn.preview = view.preview;
    previewDescription.textContent = view.preview ? sentence(view.preview.description) : '';
    previewRuns.replaceChildren(...(view.preview?.next_runs ?? []).map((run) => {
      const li = document.createElement('li');
      const time = document.createElement('time');
      time.dateTime = run.utc;
      time.textContent = formatInZone(run.utc, view.preview.timezone);
      li.append(time);
      return li;
    }));
  }

  activityEmpty.hidden = !view.activity || view.activity.length > 0;
  if (drawn.activity !== view.activity) {
    drawn.activity = view.activity;
    activityList.replaceChildren(...(view.activity ?? []).map(activityItem));
  }
}

function renderNotice(shown) {
  notice.hidden = !shown;
  if (!shown) {
    notice.replaceChildren();
    return;
  }
  const parts = [shown.text];
  if (shown.jobId) {
    const follow = document.createElement('a');
    follow.href = jobPath(shown.jobId);
    follow.textContent = 'Follow it';
    follow.dataset.testid = 'schedules-notice-job';
    parts.push(' ', follow);
  }
  notice.replaceChildren(...parts);
}

/** "every day at 07:00 (Europe/Berlin)" → "Every day at 07:00 (Europe/Berlin)". */
function sentence(text) {
  const words = String(text ?? '');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Focuses a control of one schedule's row: the rows are drawn anew, so the button pressed is gone. */
function focusIn(scheduleId, testid) {
  const row = [...list.children].find((child) => /** @type {HTMLElement} */ (child).dataset.scheduleId === scheduleId);
  /** @type {HTMLElement|null} */ (row?.querySelector(`[data-testid="${testid}"]`))?.focus();
}

/** @param {any} schedule @param {SchedulesView} view */
function item(schedule, view) {
  const li = fromTemplate('schedule-item-template');
  li.dataset.scheduleId = schedule.id;
  li.dataset.status = schedule.status;
  const name = /** @type {HTMLAnchorElement} */ (li.querySelector('[data-testid=schedule-name]'));
  name.textContent = schedule.name;
  name.href = schedulePath(schedule.id);
  li.querySelector('[data-testid=schedule-description]').textContent = [sentence(schedule.description),
    languageName(schedule.language), schedule.level, `${schedule.length} words`].filter(Boolean).join(' · ');
  const next = schedule.status === 'paused' || !schedule.next_run_at
    ? 'No run planned' : `Next run ${formatDate(schedule.next_run_at)}`;
  li.querySelector('[data-testid=schedule-next]').textContent = `${next} · ${describeTotals(schedule)}`;
  const reason = /** @type {HTMLElement} */ (li.querySelector('[data-testid=schedule-paused-reason]'));
  reason.hidden = schedule.status !== 'paused';
  // The api's reason is a sentence of its own ("Paused by you", "Paused after 3 failed runs in a row; …").
  reason.textContent = schedule.paused_reason || 'Paused';

  const actions = li.querySelector('.schedule-actions');
  const status = badge(label(STATUS_LABELS, schedule.status), schedule.status === 'paused' ? 'status-paused' : 'ok');
  status.dataset.testid = 'schedule-status';
  actions.append(status);
  if (schedule.status === 'paused') {
    actions.append(button('Resume', 'schedule-resume', schedule, () => act(resumeSchedule(schedule.id))));
  } else {
    actions.append(button('Pause', 'schedule-pause', schedule, () => act(pauseSchedule(schedule.id))));
  }
  actions.append(button('Run now', 'schedule-run', schedule, async () => {
    const run = await runSchedule(schedule.id);
    update({ notice: { text: `A run of “${schedule.name}” has started.`, jobId: run.job_id ?? null } });
    await load();
  }));
  actions.append(button('Edit', 'schedule-edit', schedule, async () => startEdit(schedule)));
  const feedOpen = view.feedShown === schedule.id;
  const feedToggle = button(feedOpen ? 'Hide feed' : 'Feed', 'schedule-feed-toggle', schedule, async () => {
    update({ feedShown: feedOpen ? null : schedule.id, feedCopyLabel: 'Copy' });
    focusIn(schedule.id, 'schedule-feed-toggle');
  });
  feedToggle.setAttribute('aria-expanded', String(feedOpen));
  actions.append(feedToggle);
  const del = button('Delete', 'schedule-delete', schedule, () => confirmDelete(schedule));
  del.classList.add('button-danger-quiet');
  actions.append(del);

  // One feed is shown at a time; the other rows leave the template's out.
  const feed = li.querySelector('[data-testid=schedule-feed]');
  if (!feedOpen) {
    feed.remove();
    return li;
  }
  const address = /** @type {HTMLElement} */ (feed.querySelector('[data-testid=schedule-feed-url]'));
  address.textContent = schedule.feed_url ?? '';
  feed.querySelector('[data-testid=schedule-feed-copy]').addEventListener('click', async () =>
    update({ feedCopyLabel: await copyText(schedule.feed_url, address) }));
  const rotate = button('New address', 'schedule-feed-rotate', schedule, () => confirmFeedRotation(schedule));
  rotate.classList.add('button-danger-quiet');
  feed.append(rotate);
  return li;
}

/** After a confirmation, a new feed address: the api answers the schedule with it, and the old one is a 404 from then on. */
async function confirmFeedRotation(schedule) {
  if (!await confirmAction(feedRotationQuestion(schedule))) return;
  const changed = await rotateScheduleFeed(schedule.id);
  update({
    schedules: withSchedule(state.schedules, changed), feedCopyLabel: 'Copy', notice: { text: feedRotatedNotice(changed), jobId: null },
  });
  focusIn(changed.id, 'schedule-feed-copy');
}

/** A change of one schedule; the list is loaded again to show it. */
async function act(change) {
  await change;
  await load();
}

function button(text, testid, schedule, action) {
  return actionButton({
    label: text,
    testid,
    ariaLabel: `${text}: ${schedule.name}`,
    perform: () => {
      update({ error: null, notice: null });
      return action();
    },
    onError: (failure) => {
      if (failure.unreachable) handlers.onUnreachable?.(failure);
      update({ error: failure.message });
    },
  });
}

async function confirmDelete(schedule) {
  const { confirmed, chosen } = await confirmWithChoice({
    heading: 'Delete this schedule?',
    message: `“${schedule.name}” will write no more articles. The articles it wrote stay in your library.`,
    action: 'Delete',
    option: 'Also stop the article it is writing now',
  });
  if (!confirmed) return;
  const stoppedJob = await deleteSchedule(schedule.id, { cancelActive: chosen });
  if (state.editing?.id === schedule.id) startNew();
  const stopped = stoppedJob ? ' The article it was writing is stopped.' : '';
  update({ notice: { text: `“${schedule.name}” is deleted.${stopped}`, jobId: stoppedJob } });
  await load();
  /** @type {HTMLElement|null} */ (list.querySelector('a[href], button') ?? byId('schedules-new')).focus();
}

function activityItem(entry) {
  const li = document.createElement('li');
  li.dataset.testid = 'activity-item';
  const when = document.createElement('time');
  when.dateTime = entry.at;
  when.textContent = formatDate(entry.at);
  const what = entry.article_id && entry.status === 'completed' ? document.createElement('a') : document.createElement('span');
  what.textContent = entry.title || entry.schedule_name || 'An article';
  if (what instanceof HTMLAnchorElement) what.href = articlePath(entry.article_id);
  const parts = [when, ' ', what];
  // A run's article is named by its title, and by its schedule beside it; one not written yet by its schedule alone.
  if (entry.title && entry.schedule_name) parts.push(` · ${entry.schedule_name}`);
  parts.push(' ', badge(entry.status, `status-${String(entry.status).replace(/[^a-z]/g, '')}`));
  if (entry.job_id) {
    const job = document.createElement('a');
    job.href = jobPath(entry.job_id);
    job.textContent = 'details';
    parts.push(' ', job);
  }
  li.append(...parts);
  return li;
}

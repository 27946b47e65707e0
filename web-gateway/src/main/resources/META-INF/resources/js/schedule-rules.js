// What the Schedules pages send and show, without the DOM: the api's schedule body and timing rule
// built from the form's values (and back, to edit one), the words for a rule's frequency, a run's
// outcome and why it was skipped, and for a schedule's feed getting a new address. The api checks
// every rule and answers in its own words; nothing here decides what is valid.

/** The frequencies a rule can have, in the order the form offers them, with the words it uses. */
export const FREQUENCY_LABELS = {
  hourly: 'Every hour',
  every_3_hours: 'Every 3 hours',
  every_6_hours: 'Every 6 hours',
  daily: 'Every day',
  weekly: 'Every week',
  monthly: 'Every month',
  cron: 'Custom (cron)',
};

export const WEEKDAY_LABELS = {
  monday: 'Monday', tuesday: 'Tuesday', wednesday: 'Wednesday', thursday: 'Thursday', friday: 'Friday',
  saturday: 'Saturday', sunday: 'Sunday',
};

/** What became of one run. */
export const OUTCOME_LABELS = {
  queued: 'Waiting for a writer',
  running: 'Being written',
  completed: 'Written',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

/** Why a run was skipped. */
export const SKIP_REASON_LABELS = {
  overlap: 'the previous run was still being written',
  missed: 'its time passed while opad was not running',
  budget: 'today’s token budget was spent',
};

/** What started a run. */
export const TRIGGER_LABELS = {
  scheduled: 'On schedule',
  manual: 'Run now',
  'catch-up': 'Caught up later',
};

/** What a schedule's status badge says. */
export const STATUS_LABELS = { active: 'active', paused: 'paused' };

/**
 * @typedef {object} RuleFields the rule as the form holds it (strings, as typed or chosen)
 * @property {string} frequency
 * @property {string} time HH:MM
 * @property {string} timezone
 * @property {string} day_of_week
 * @property {string} day_of_month "1"–"31" or "last"
 * @property {string} cron
 */

/**
 * @typedef {object} ScheduleFields the whole form
 * @property {string} name
 * @property {string} language
 * @property {string} level
 * @property {string} length
 * @property {'topics'|'theme'} content which of the two the reader chose
 * @property {string} topics one per line
 * @property {string} theme
 * @property {string} source_url
 * @property {string} source_text
 * @property {string} max_consecutive_failures
 * @property {RuleFields} rule
 */

/** Which of the rule's fields the form shows for a frequency. @param {string} frequency */
export function ruleFieldsFor(frequency) {
  return {
    time: frequency !== 'cron',
    day_of_week: frequency === 'weekly',
    day_of_month: frequency === 'monthly',
    cron: frequency === 'cron',
  };
}

/**
 * The api's rule object: only the fields the frequency uses, so a day of the week left over from
 * "Every week" is not sent with "Every day".
 *
 * @param {RuleFields} fields
 */
export function buildRule(fields) {
  const shown = ruleFieldsFor(fields.frequency);
  /** @type {Object<string, string|number>} */
  const rule = { frequency: fields.frequency };
  if (shown.time) rule.time = fields.time.trim();
  if (shown.day_of_week) rule.day_of_week = fields.day_of_week;
  if (shown.day_of_month) rule.day_of_month = fields.day_of_month === 'last' ? 'last' : asNumber(fields.day_of_month);
  if (shown.cron) rule.cron = fields.cron.trim().replace(/\s+/g, ' ');
  rule.timezone = fields.timezone.trim();
  return rule;
}

/**
 * The body of POST /schedules (and of a PATCH, which takes the same fields): topics or a theme,
 * whichever the reader chose; the optional fields only when filled in.
 *
 * @param {ScheduleFields} fields
 */
export function buildSchedule(fields) {
  /** @type {Object<string, unknown>} */
  const body = {
    name: fields.name.trim(),
    language: fields.language,
    level: fields.level,
    length: asNumber(fields.length),
  };
  if (fields.content === 'theme') {
    body.theme = fields.theme.trim();
  } else {
    body.topics = fields.topics.split('\n').map((topic) => topic.trim()).filter(Boolean);
  }
  body.rule = buildRule(fields.rule);
  const url = fields.source_url.trim();
  const text = fields.source_text.trim();
  if (url) body.source_url = url;
  if (text) body.source_text = text;
  if (fields.max_consecutive_failures.trim() !== '') {
    body.max_consecutive_failures = asNumber(fields.max_consecutive_failures);
  }
  return body;
}

/**
 * The body of PATCH /schedules/{id}: every field of the form, as for a new schedule, and the sources
 * even when empty, because in a change an empty source removes the one the schedule had (and an
 * omitted one would keep it). Topics or a theme is sent as chosen; the api drops the other.
 *
 * @param {ScheduleFields} fields
 */
export function buildChange(fields) {
  const body = buildSchedule(fields);
  body.source_url ??= '';
  body.source_text ??= '';
  return body;
}

/**
 * The form's values for a schedule the api sent, to edit it.
 *
 * @param {any} schedule the api's schedule view
 * @param {RuleFields} defaults what the rule's unused fields hold
 * @returns {ScheduleFields}
 */
export function scheduleFields(schedule, defaults) {
  const rule = schedule.rule ?? {};
  return {
    name: schedule.name ?? '',
    language: schedule.language ?? '',
    level: schedule.level ?? '',
    length: schedule.length === null || schedule.length === undefined ? '' : String(schedule.length),
    content: schedule.theme ? 'theme' : 'topics',
    topics: (schedule.topics ?? []).join('\n'),
    theme: schedule.theme ?? '',
    source_url: schedule.source_url ?? '',
    source_text: schedule.source_text ?? '',
    max_consecutive_failures: schedule.max_consecutive_failures === null || schedule.max_consecutive_failures === undefined
      ? '' : String(schedule.max_consecutive_failures),
    rule: {
      frequency: rule.frequency ?? defaults.frequency,
      time: rule.time ?? defaults.time,
      timezone: rule.timezone ?? defaults.timezone,
      day_of_week: rule.day_of_week ?? defaults.day_of_week,
      day_of_month: rule.day_of_month === null || rule.day_of_month === undefined
        ? defaults.day_of_month : String(rule.day_of_month),
      cron: rule.cron ?? defaults.cron,
    },
  };
}

/** "Written", "Skipped: the previous run was still being written". @param {{outcome: string, skip_reason?: string|null}} run */
export function describeOutcome(run) {
  const outcome = words(OUTCOME_LABELS, run.outcome);
  if (run.outcome !== 'skipped' || !run.skip_reason) return outcome;
  return `${outcome}: ${words(SKIP_REASON_LABELS, run.skip_reason)}`;
}

/** "3 runs · 2 written". @param {{total_runs?: number, total_completed?: number}} schedule */
export function describeTotals(schedule) {
  const runs = schedule.total_runs ?? 0;
  const completed = schedule.total_completed ?? 0;
  return `${runs} run${runs === 1 ? '' : 's'} · ${completed} written`;
}

/**
 * What the reader is asked before a schedule's feed gets a new address, in words that say the old one
 * stops working.
 *
 * @param {{name: string}} schedule
 */
export function feedRotationQuestion(schedule) {
  return {
    heading: 'Give this schedule’s feed a new address?',
    message: `Feed readers following “${schedule.name}” at its current address will get nothing from it any more;`
      + ' add the new address to them.',
    action: 'New address',
  };
}

/** What the page says once the new address is there. @param {{name: string}} schedule */
export function feedRotatedNotice(schedule) {
  return `The feed of “${schedule.name}” has a new address. The old one no longer works.`;
}

/**
 * The list with one schedule replaced by the api's newer answer for it, in the same place.
 *
 * @param {any[]|null} schedules @param {{id: string}} changed
 */
export function withSchedule(schedules, changed) {
  return (schedules ?? []).map((schedule) => (schedule.id === changed.id ? changed : schedule));
}

/**
 * A moment in a time zone, e.g. "Sun, 28 Mar 2027, 07:00" in the reader's locale; the instant in the
 * reader's own zone when the zone is not one this browser knows.
 *
 * @param {string} iso an instant
 * @param {string} [timeZone]
 * @param {string|string[]} [locale]
 */
export function formatInZone(iso, timeZone, locale) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  /** @type {Intl.DateTimeFormatOptions} */
  const style = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  try {
    return date.toLocaleString(locale, { ...style, timeZone });
  } catch {
    return date.toLocaleString(locale, style);
  }
}

/** The time zones to offer: the browser's list, with UTC, which some browsers leave out. */
export function timeZones() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** The reader's own time zone, the form's first choice. */
export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function words(labels, code) {
  return Object.hasOwn(labels, code) ? labels[code] : String(code);
}

/** A number when the text is one, else the text, so the api (not the browser) says what is wrong. */
function asNumber(text) {
  const trimmed = String(text).trim();
  if (trimmed === '') return null;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

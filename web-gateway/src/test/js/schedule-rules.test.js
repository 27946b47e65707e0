// The Schedules page's pure parts: the api's body and rule built from the form's values (and back),
// the words for outcomes and totals, and a schedule's feed getting a new address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FREQUENCY_LABELS, OUTCOME_LABELS, SKIP_REASON_LABELS, TRIGGER_LABELS, buildChange, buildRule, buildSchedule,
  describeOutcome, describeTotals, feedRotatedNotice, feedRotationQuestion, formatInZone, ruleFieldsFor, scheduleFields,
  timeZones, withSchedule,
} from '../../main/resources/META-INF/resources/js/schedule-rules.js';

const RULE = { frequency: 'daily', time: '07:00', timezone: 'Europe/Berlin', day_of_week: 'friday', day_of_month: '31', cron: '' };
const FIELDS = {
  name: ' Morning news ', language: 'German', level: 'B1', length: '400', content: 'topics',
  topics: 'Energiepreise\n\n  Wahlen  \n', theme: 'left over', source_url: '', source_text: '', max_consecutive_failures: '',
  rule: RULE,
};

test('every frequency the api knows has words, in the order the form offers them', () => {
  assert.deepEqual(Object.keys(FREQUENCY_LABELS),
    ['hourly', 'every_3_hours', 'every_6_hours', 'daily', 'weekly', 'monthly', 'cron']);
  assert.equal(FREQUENCY_LABELS.cron, 'Custom (cron)');
});

test('a rule carries only the fields its frequency uses', () => {
  assert.deepEqual(buildRule(RULE), { frequency: 'daily', time: '07:00', timezone: 'Europe/Berlin' });
  assert.deepEqual(buildRule({ ...RULE, frequency: 'weekly' }),
    { frequency: 'weekly', time: '07:00', day_of_week: 'friday', timezone: 'Europe/Berlin' });
  assert.deepEqual(buildRule({ ...RULE, frequency: 'hourly', time: '00:15' }),
    { frequency: 'hourly', time: '00:15', timezone: 'Europe/Berlin' });
});

test('a monthly rule sends its day as a number, or "last"', () => {
  assert.equal(buildRule({ ...RULE, frequency: 'monthly' }).day_of_month, 31);
  assert.equal(buildRule({ ...RULE, frequency: 'monthly', day_of_month: 'last' }).day_of_month, 'last');
});

test('a cron rule has no time; its expression is sent with single spaces', () => {
  assert.deepEqual(buildRule({ ...RULE, frequency: 'cron', cron: '  30  7 * *   1-5 ' }),
    { frequency: 'cron', cron: '30 7 * * 1-5', timezone: 'Europe/Berlin' });
  assert.deepEqual(ruleFieldsFor('cron'), { time: false, day_of_week: false, day_of_month: false, cron: true });
});

test('a schedule has its topics one per line, and no theme', () => {
  assert.deepEqual(buildSchedule(FIELDS), {
    name: 'Morning news', language: 'German', level: 'B1', length: 400, topics: ['Energiepreise', 'Wahlen'],
    rule: { frequency: 'daily', time: '07:00', timezone: 'Europe/Berlin' },
  });
});

test('or a theme and no topics; the optional fields only when filled in', () => {
  const body = buildSchedule({ ...FIELDS, content: 'theme', theme: ' science ', source_url: ' https://example.org/feed ',
    max_consecutive_failures: '5' });
  assert.equal(body.theme, 'science');
  assert.equal(body.topics, undefined);
  assert.equal(body.source_url, 'https://example.org/feed');
  assert.equal(body.source_text, undefined);
  assert.equal(body.max_consecutive_failures, 5);
});

test('a length that is not a number is sent as typed, for the api to refuse in its words', () => {
  assert.equal(buildSchedule({ ...FIELDS, length: 'lots' }).length, 'lots');
  assert.equal(buildSchedule({ ...FIELDS, length: '' }).length, null);
});

test('a change sends empty sources, which remove the ones the schedule had; a filled one as typed', () => {
  const change = buildChange(FIELDS);
  assert.equal(change.source_url, '');
  assert.equal(change.source_text, '');
  assert.deepEqual(change.topics, ['Energiepreise', 'Wahlen']);
  assert.equal(buildChange({ ...FIELDS, source_text: ' Ein Text ' }).source_text, 'Ein Text');
});

test('a schedule from the api fills the form, and the form gives the same schedule back', () => {
  const schedule = {
    id: 's1', name: 'Monthly digest', language: 'German', level: 'B2', length: 600, topics: null, theme: 'Wissenschaft',
    source_url: null, source_text: null, max_consecutive_failures: 3,
    rule: { frequency: 'monthly', time: '08:30', timezone: 'Asia/Seoul', day_of_month: 'last' },
  };
  const fields = scheduleFields(schedule, RULE);
  assert.equal(fields.content, 'theme');
  assert.equal(fields.rule.day_of_month, 'last');
  assert.equal(fields.rule.day_of_week, 'friday', 'an unused field keeps the default');
  assert.deepEqual(buildSchedule(fields), {
    name: 'Monthly digest', language: 'German', level: 'B2', length: 600, theme: 'Wissenschaft',
    max_consecutive_failures: 3,
    rule: { frequency: 'monthly', time: '08:30', day_of_month: 'last', timezone: 'Asia/Seoul' },
  });
  assert.equal(scheduleFields({ ...schedule, rule: { frequency: 'cron', cron: '0 6 * * *', timezone: 'UTC' } }, RULE).rule.time,
    '07:00', 'a cron rule has no time; the form keeps its default');
});

test('outcomes and skip reasons in words', () => {
  assert.equal(describeOutcome({ outcome: 'completed', skip_reason: null }), 'Written');
  assert.equal(describeOutcome({ outcome: 'skipped', skip_reason: 'overlap' }),
    'Skipped: the previous run was still being written');
  assert.equal(describeOutcome({ outcome: 'skipped', skip_reason: 'budget' }), 'Skipped: today’s token budget was spent');
  assert.equal(describeOutcome({ outcome: 'skipped', skip_reason: 'solar flare' }), 'Skipped: solar flare',
    'a reason newer than this page is shown as sent');
  assert.equal(describeOutcome({ outcome: 'exploded' }), 'exploded');
  for (const labels of [OUTCOME_LABELS, SKIP_REASON_LABELS, TRIGGER_LABELS]) {
    assert.ok(Object.values(labels).every((words) => words.length > 0));
  }
  assert.deepEqual(Object.keys(OUTCOME_LABELS), ['queued', 'running', 'completed', 'failed', 'cancelled', 'skipped']);
  assert.deepEqual(Object.keys(SKIP_REASON_LABELS), ['overlap', 'missed', 'budget']);
  assert.deepEqual(Object.keys(TRIGGER_LABELS), ['scheduled', 'manual', 'catch-up']);
});

test('totals', () => {
  assert.equal(describeTotals({ total_runs: 1, total_completed: 0 }), '1 run · 0 written');
  assert.equal(describeTotals({ total_runs: 12, total_completed: 11 }), '12 runs · 11 written');
  assert.equal(describeTotals({}), '0 runs · 0 written');
});

test('a run is shown in its schedule’s time zone; an unknown zone falls back to the reader’s', () => {
  assert.match(formatInZone('2027-03-28T01:00:00Z', 'Europe/Berlin', 'en-GB'), /03:00/);
  assert.match(formatInZone('2027-03-28T01:00:00Z', 'Asia/Seoul', 'en-GB'), /10:00/);
  assert.notEqual(formatInZone('2027-03-28T01:00:00Z', 'Mars/Olympus', 'en-GB'), '');
  assert.equal(formatInZone('not a date', 'UTC'), '');
});

test('the time zones offered include UTC and the browser’s list', () => {
  const zones = timeZones();
  assert.ok(zones.includes('UTC'));
  assert.ok(zones.includes('Europe/Berlin'));
});

test('a new feed address is asked for in words that say the old one stops working', () => {
  const question = feedRotationQuestion({ name: 'Morning news' });
  assert.equal(question.heading, 'Give this schedule’s feed a new address?');
  assert.equal(question.message,
    'Feed readers following “Morning news” at its current address will get nothing from it any more; add the new address to them.');
  assert.equal(question.action, 'New address');
  assert.equal(feedRotatedNotice({ name: 'Morning news' }),
    'The feed of “Morning news” has a new address. The old one no longer works.');
});

test('the api\'s answer replaces its schedule in the list, in its place', () => {
  const list = [{ id: 's1', feed_url: 'old-1' }, { id: 's2', feed_url: 'old-2' }, { id: 's3', feed_url: 'old-3' }];
  const rotated = { id: 's2', feed_url: 'new-2' };
  assert.deepEqual(withSchedule(list, rotated), [list[0], rotated, list[2]]);
  assert.equal(list[1].feed_url, 'old-2', 'the list drawn before is left as it was');
  assert.deepEqual(withSchedule(null, rotated), []);
});

// The labels against the codes the api lists. meta.json is a copy of the api's GET /meta answer; the
// api's MetaTest fails when the copy and the real answer differ, so a new code reaches this test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import {
  ARTICLE_STATUS_LABELS, EVENT_LABELS, JOB_STATE_HEADINGS, LANGUAGE_LABELS, LEVEL_LABELS, STAGE_LABELS,
  formatAge, formatCost, formatDuration, formatNumber, label, languageName,
} from '../../main/resources/META-INF/resources/js/labels.js';
import { loadMeta } from '../../main/resources/META-INF/resources/js/meta.js';

const meta = JSON.parse(readFileSync(new URL('./meta.json', import.meta.url), 'utf8'));

before(() => loadMeta(async () => meta));

/** The codes of a list that have no entry in a label table. */
const unlabelled = (codes, labels) => codes.filter((code) => !Object.hasOwn(labels, code));

test('every stage the api lists has a label', () => {
  assert.ok(meta.stages.length > 0);
  assert.deepEqual(unlabelled(meta.stages, STAGE_LABELS), []);
});

test('every job state the api lists has a heading for the job page', () => {
  assert.ok(meta.job_states.length > 0);
  assert.deepEqual(unlabelled(meta.job_states.map((state) => state.name), JOB_STATE_HEADINGS), []);
});

test('every event type the api lists has a line for the timeline', () => {
  assert.deepEqual(unlabelled(meta.event_types.map((type) => type.name), EVENT_LABELS), []);
});

test('every language, level and article status the api lists has a label', () => {
  assert.deepEqual(unlabelled(meta.languages.map((language) => language.code), LANGUAGE_LABELS), []);
  assert.deepEqual(unlabelled(meta.levels, LEVEL_LABELS), []);
  assert.deepEqual(unlabelled(meta.article_statuses, ARTICLE_STATUS_LABELS), []);
});

test('no label is left for a code the api no longer lists', () => {
  assert.deepEqual(unlabelled(Object.keys(STAGE_LABELS), Object.fromEntries(meta.stages.map((s) => [s, s]))), []);
  assert.deepEqual(unlabelled(Object.keys(EVENT_LABELS), Object.fromEntries(meta.event_types.map((t) => [t.name, t]))), []);
});

test('a code without words is shown as it is', () => {
  assert.equal(label(STAGE_LABELS, 'writing'), 'Writing');
  assert.equal(label(STAGE_LABELS, 'proofreading'), 'proofreading');
  assert.equal(label(STAGE_LABELS, 'toString'), 'toString', 'only own entries count');
});

test('a language by code or by name, in any case; an unknown one as sent', () => {
  assert.equal(languageName('de'), 'German');
  assert.equal(languageName('GERMAN'), 'German');
  assert.equal(languageName('Klingon'), 'Klingon');
  assert.equal(languageName(null), '');
});

test('costs, durations and ages', () => {
  assert.equal(formatCost(null), 'unknown');
  assert.equal(formatCost(0), '$0');
  assert.equal(formatCost(0.0025), '$0.0025');
  assert.equal(formatCost(1.5, false), '$1.50+');
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(185_000), '3 min 05 s');
  assert.equal(formatDuration(-5), '0 s');
  assert.equal(formatAge('2025-01-01T10:00:00Z', Date.parse('2025-01-01T10:00:12Z')), '12 s ago');
  assert.equal(formatAge('not a date'), '');
  assert.equal(formatNumber(undefined), '–');
});

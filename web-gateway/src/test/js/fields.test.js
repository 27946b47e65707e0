// Which input a problem's field error belongs to, however the api names the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldName } from '../../main/resources/META-INF/resources/js/fields.js';

test('a field is named plainly, by its path, or as an element of a list', () => {
  assert.equal(fieldName('topic'), 'topic');
  assert.equal(fieldName('rule.cron'), 'cron');
  assert.equal(fieldName('topics[2]'), 'topics');
  assert.equal(fieldName(null), '');
});

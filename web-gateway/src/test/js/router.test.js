import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articlePath, jobPath, route, schedulePath } from '../../main/resources/META-INF/resources/js/router.js';

const ID = '0b6f0f8e-5d0a-4a57-8a31-3a8e8e0f4c21';

test('the empty address and the sign-in addresses lead to a new article', () => {
  for (const hash of ['', '#', '#/', '#/login', '#/register', '#/new']) {
    assert.deepEqual(route(hash), { page: 'new', param: null }, hash);
  }
});

test('a job and an article are named by their id', () => {
  assert.deepEqual(route(jobPath(ID)), { page: 'job', param: ID });
  assert.deepEqual(route(articlePath(ID)), { page: 'reader', param: ID });
  assert.equal(jobPath(ID), `#/jobs/${ID}`);
  assert.equal(articlePath(ID), `#/articles/${ID}`);
});

test('a schedule is named by its id', () => {
  assert.deepEqual(route(schedulePath(ID)), { page: 'schedule', param: ID });
  assert.equal(schedulePath(ID), `#/schedules/${ID}`);
});

test('the pages without a parameter', () => {
  for (const page of ['library', 'schedules', 'usage', 'ops', 'account']) {
    assert.deepEqual(route(`#/${page}`), { page, param: null });
  }
});

test('anything else is not found, including ids that are not ids and trailing parts', () => {
  for (const hash of ['#/jobs/42', `#/jobs/${ID}/x`, '#/articles/', '#/nowhere', '#/library/', '#/schedules/', '#/schedules/preview', `#/jobs/${ID}x`]) {
    assert.deepEqual(route(hash), { page: 'missing', param: null }, hash);
  }
});

// api.js against a stubbed fetch: what it sends, and what each kind of answer becomes.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import {
  ApiError, cancelJob, createArticle, createSchedule, deleteSchedule, getJob, getMe, getMeta, isAbort, listArticles, openJobStream,
  listScheduleRuns, onUnauthorized, pauseSchedule, previewSchedule, rotateFeed, rotateScheduleFeed, updateSchedule,
} from '../../main/resources/META-INF/resources/js/api.js';

/** @type {{url: string, init: RequestInit}[]} */
let calls;
let answers;

beforeEach(() => {
  calls = [];
  answers = [];
  globalThis.fetch = async (url, init = {}) => {
    calls.push({ url: String(url), init });
    init.signal?.throwIfAborted();
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  globalThis.document = { cookie: 'other=1; opad_csrf=token-123' };
});

afterEach(() => {
  delete globalThis.fetch;
  delete globalThis.document;
});

const json = (status, body, headers = {}) => new Response(JSON.stringify(body), {
  status, headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json', ...headers },
});

test('a GET answers the parsed body', async () => {
  answers.push(json(200, { id: 'j1', status: 'running' }));
  assert.deepEqual(await getJob('j1'), { id: 'j1', status: 'running' });
  assert.equal(calls[0].url, '/api/jobs/j1');
  assert.equal(calls[0].init.method, 'GET');
  assert.equal(calls[0].init.headers['X-CSRF-Token'], undefined, 'no CSRF token on a safe request');
});

test('ids and filters are encoded; empty filters are left out', async () => {
  answers.push(json(200, {}), json(200, { items: [] }));
  await getJob('a/b');
  await listArticles({ language: 'German', level: '', status: null, page: 0 });
  assert.equal(calls[0].url, '/api/jobs/a%2Fb');
  assert.equal(calls[1].url, '/api/articles?language=German&page=0');
});

test('a change carries the CSRF cookie as a header, and the idempotency key', async () => {
  answers.push(json(201, { id: 'a1' }));
  await createArticle({ topic: 'Energiepreise' }, 'key-1');
  const { init } = calls[0];
  assert.equal(init.method, 'POST');
  assert.equal(init.headers['X-CSRF-Token'], 'token-123');
  assert.equal(init.headers['Idempotency-Key'], 'key-1');
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(String(init.body)), { topic: 'Energiepreise' });
});

test('a refusal is an ApiError with the problem document and its field errors', async () => {
  answers.push(json(409, { detail: 'Job j1 is already completed', errors: [{ field: 'x', message: 'y' }] }));
  const error = await cancelJob('j1').catch((e) => e);
  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 409);
  assert.equal(error.message, 'Job j1 is already completed');
  assert.deepEqual(error.fieldErrors, [{ field: 'x', message: 'y' }]);
  assert.equal(error.unreachable, false);
});

test('429 tells how long to wait', async () => {
  answers.push(new Response('', { status: 429, headers: { 'Retry-After': '30' } }));
  const error = await getJob('j1').catch((e) => e);
  assert.equal(error.retryAfter, 30);
  assert.equal(error.message, 'Too many requests. Try again in 30 seconds.');
});

test('a network failure and a bare 502 are "unreachable"', async () => {
  answers.push(new TypeError('Failed to fetch'), new Response('bad gateway', { status: 502 }));
  const down = await getJob('j1').catch((e) => e);
  assert.equal(down.status, 0);
  assert.ok(down.unreachable);
  const bare = await getJob('j1').catch((e) => e);
  assert.equal(bare.status, 502);
  assert.ok(bare.unreachable);
});

test('a 401 from the api tells the listeners the session is over', async () => {
  const heard = [];
  onUnauthorized((error) => heard.push(error.status));
  answers.push(json(401, { detail: 'Log in first.' }));
  await assert.rejects(getJob('j1'), ApiError);
  assert.deepEqual(heard, [401]);
});

test('a cancelled call rejects with the AbortError, not as an api failure', async () => {
  const controller = new AbortController();
  controller.abort();
  const error = await getJob('j1', { signal: controller.signal }).catch((e) => e);
  assert.ok(isAbort(error), String(error));
  assert.ok(!(error instanceof ApiError));
  assert.equal(calls[0].init.signal, controller.signal);
});

test('the codes come from /api/meta', async () => {
  answers.push(json(200, { stages: ['queued'] }));
  assert.deepEqual(await getMeta(), { stages: ['queued'] });
  assert.equal(calls[0].url, '/api/meta');
});

test('a schedule is created with its idempotency key and changed with a PATCH of its fields', async () => {
  answers.push(json(201, { id: 's1' }), json(200, { id: 's1' }));
  await createSchedule({ name: 'Morning news' }, 'key-2');
  await updateSchedule('s1', { name: 'Evening news' });
  assert.equal(calls[0].url, '/api/schedules');
  assert.equal(calls[0].init.headers['Idempotency-Key'], 'key-2');
  assert.equal(calls[1].url, '/api/schedules/s1');
  assert.equal(calls[1].init.method, 'PATCH');
  assert.equal(calls[1].init.headers['X-CSRF-Token'], 'token-123', 'a PATCH changes something: it carries the token');
  assert.deepEqual(JSON.parse(String(calls[1].init.body)), { name: 'Evening news' });
});

test('delete and pause ask to stop the active run only when told to', async () => {
  answers.push(new Response(null, { status: 204 }), new Response(null, { status: 204, headers: { 'Stopped-Job': 'j9' } }),
    json(200, {}));
  assert.equal(await deleteSchedule('s1'), null);
  assert.equal(await deleteSchedule('s1', { cancelActive: true }), 'j9', 'the job it stopped, from Stopped-Job');
  await pauseSchedule('s1');
  assert.deepEqual(calls.map((call) => `${call.init.method} ${call.url}`), [
    'DELETE /api/schedules/s1', 'DELETE /api/schedules/s1?cancel_active=true', 'POST /api/schedules/s1/pause']);
});

test('a preview sends the rule and the count, and can be aborted', async () => {
  answers.push(json(200, { description: 'every day at 07:00 (UTC)', next_runs: [] }), json(200, { items: [] }));
  const rule = { frequency: 'daily', time: '07:00', timezone: 'UTC' };
  assert.equal((await previewSchedule(rule, 5)).description, 'every day at 07:00 (UTC)');
  assert.deepEqual(JSON.parse(String(calls[0].init.body)), { rule, count: 5 });
  const controller = new AbortController();
  controller.abort();
  assert.ok(isAbort(await previewSchedule(rule, 5, { signal: controller.signal }).catch((e) => e)));
  await listScheduleRuns('s1', 50);
  assert.equal(calls[2].url, '/api/schedules/s1/runs?limit=50');
});

test('the feed gets a new address with a CSRF-guarded POST, answered with the account', async () => {
  const account = { id: 'u1', feed_url: 'http://127.0.0.1:8080/api/feeds/new.atom' };
  answers.push(json(200, { id: 'u1', feed_url: 'http://127.0.0.1:8080/api/feeds/old.atom' }), json(200, account));
  assert.equal((await getMe()).feed_url, 'http://127.0.0.1:8080/api/feeds/old.atom');
  assert.deepEqual(await rotateFeed(), account);
  assert.equal(calls[0].url, '/api/auth/me');
  assert.equal(calls[1].url, '/api/auth/feed/rotate');
  assert.equal(calls[1].init.method, 'POST');
  assert.equal(calls[1].init.headers['X-CSRF-Token'], 'token-123');
  assert.equal(calls[1].init.body, undefined, 'nothing to send');
});

test('a schedule\'s feed gets a new address with a CSRF-guarded POST, answered with the schedule', async () => {
  const schedule = { id: 's/1', name: 'Morning news', feed_url: 'http://127.0.0.1:8080/api/feeds/new.atom' };
  answers.push(json(200, schedule));
  assert.deepEqual(await rotateScheduleFeed('s/1'), schedule);
  assert.equal(calls[0].url, '/api/schedules/s%2F1/feed/rotate');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.headers['X-CSRF-Token'], 'token-123');
  assert.equal(calls[0].init.body, undefined, 'nothing to send');
});

test('openJobStream opens the job\'s event stream under /api, or gives null without EventSource', () => {
  const opened = [];
  globalThis.EventSource = class { constructor(url) { opened.push(url); } };
  try {
    assert.ok(openJobStream('a/b'));
    assert.deepEqual(opened, ['/api/jobs/a%2Fb/events/stream']);
  } finally {
    delete globalThis.EventSource;
  }
  assert.equal(openJobStream('j1'), null);
});

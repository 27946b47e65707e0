// The webhooks of the Account page and the job page: the api.js calls they make (what each sends), and
// their words for endpoints and deliveries (webhook-text.js), against the codes the api lists (meta.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, before, beforeEach, test } from 'node:test';
import {
  createWebhook, deleteWebhook, getCallbackSecret, issueCallbackSecret, listJobDeliveries, listWebhookDeliveries,
  listWebhooks, resendJobDelivery, resendWebhookDelivery, rotateWebhookSecret, testWebhook, updateWebhook,
} from '../../main/resources/META-INF/resources/js/api.js';
import { WEBHOOK_EVENT_LABELS } from '../../main/resources/META-INF/resources/js/labels.js';
import { loadMeta } from '../../main/resources/META-INF/resources/js/meta.js';
import {
  canSendAgain, describeEndpoint, describeLastAnswer, describeResend, describeStatus, describeTarget, disabledNotice,
} from '../../main/resources/META-INF/resources/js/webhook-text.js';

const meta = JSON.parse(readFileSync(new URL('./meta.json', import.meta.url), 'utf8'));

/** @type {{url: string, init: RequestInit}[]} */
let calls;
let answers;

before(() => loadMeta(async () => meta));

beforeEach(() => {
  calls = [];
  answers = [];
  globalThis.fetch = async (url, init = {}) => {
    calls.push({ url: String(url), init });
    return answers.shift();
  };
  globalThis.document = { cookie: 'opad_csrf=token-123' };
});

afterEach(() => {
  delete globalThis.fetch;
  delete globalThis.document;
});

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const sent = (call) => [call.init.method, call.url, call.init.body === undefined ? undefined : JSON.parse(String(call.init.body))];

test('every event type an endpoint may subscribe to has words, and the test event too', () => {
  assert.deepEqual(meta.webhook_events, ['job.completed', 'job.failed', 'job.cancelled', 'schedule.paused']);
  assert.deepEqual(meta.webhook_events.filter((event) => !Object.hasOwn(WEBHOOK_EVENT_LABELS, event)), []);
  assert.equal(WEBHOOK_EVENT_LABELS['webhook.test'], 'Test event');
});

test('endpoints are listed, added, changed and deleted at /api/webhooks, changes with the CSRF header', async () => {
  answers.push(json(200, { items: [] }), json(201, { id: 'w1', secret: 'whsec_x' }), json(200, { id: 'w1' }),
    new Response(null, { status: 204 }));
  assert.deepEqual(await listWebhooks(), { items: [] });
  assert.equal((await createWebhook({ url: 'https://example.com/hook', events: ['job.completed'] })).secret, 'whsec_x');
  await updateWebhook('w/1', { enabled: true });
  await deleteWebhook('w1');
  assert.deepEqual(calls.map(sent), [
    ['GET', '/api/webhooks', undefined],
    ['POST', '/api/webhooks', { url: 'https://example.com/hook', events: ['job.completed'] }],
    ['PATCH', '/api/webhooks/w%2F1', { enabled: true }],
    ['DELETE', '/api/webhooks/w1', undefined],
  ]);
  assert.equal(calls[0].init.headers['X-CSRF-Token'], undefined);
  calls.slice(1).forEach((call) => assert.equal(call.init.headers['X-CSRF-Token'], 'token-123'));
});

test('rotation, the test event, the log and "send again" are POSTs without a body; the log pages', async () => {
  answers.push(json(200, { secret: 'whsec_new' }), json(202, { id: 'd1' }), json(200, { items: [], total: 0 }),
    json(202, { id: 'd1', status: 'pending' }));
  assert.equal((await rotateWebhookSecret('w1')).secret, 'whsec_new');
  await testWebhook('w1');
  await listWebhookDeliveries('w1', { size: 20, status: 'failed', page: null });
  await resendWebhookDelivery('w1', 'd1');
  assert.deepEqual(calls.map(sent), [
    ['POST', '/api/webhooks/w1/rotate-secret', undefined],
    ['POST', '/api/webhooks/w1/test', undefined],
    ['GET', '/api/webhooks/w1/deliveries?size=20&status=failed', undefined],
    ['POST', '/api/webhooks/w1/deliveries/d1/resend', undefined],
  ]);
});

test('the job page reads the job\'s delivery log and sends one again through the job, with the CSRF header', async () => {
  answers.push(json(200, { items: [], total: 0 }), json(202, { id: 'd/1', status: 'pending' }));
  await listJobDeliveries('j1', { size: 20 });
  assert.equal((await resendJobDelivery('j1', 'd/1')).status, 'pending');
  assert.deepEqual(calls.map(sent), [
    ['GET', '/api/jobs/j1/deliveries?size=20', undefined],
    ['POST', '/api/jobs/j1/deliveries/d%2F1/resend', undefined],
  ]);
  assert.equal(calls[0].init.headers['X-CSRF-Token'], undefined);
  assert.equal(calls[1].init.headers['X-CSRF-Token'], 'token-123');
});

test('the callback secret is asked about, and made', async () => {
  answers.push(json(200, { exists: false }), json(201, { exists: true, secret: 'whsec_cb' }));
  assert.equal((await getCallbackSecret()).exists, false);
  assert.equal((await issueCallbackSecret()).secret, 'whsec_cb');
  assert.deepEqual(calls.map(sent), [
    ['GET', '/api/webhooks/callback-secret', undefined],
    ['POST', '/api/webhooks/callback-secret', undefined],
  ]);
});

test('an endpoint is described by what it receives; a disabled one says why', () => {
  const endpoint = { events: ['job.completed', 'schedule.paused'], description: 'my bot', created_at: 'not a date', enabled: true };
  assert.equal(describeEndpoint(endpoint), ' my bot · An article is ready, A schedule was paused · added ');
  assert.equal(describeEndpoint({ ...endpoint, description: null, events: ['job.new'] }), ' job.new · added ');
  assert.equal(disabledNotice(endpoint), null);
  assert.equal(disabledNotice({ enabled: false, disabled_reason: 'Disabled by you' }),
    'Disabled: nothing is sent but test events. Disabled by you');
});

test('a delivery tells its last answer and what happens next', () => {
  assert.equal(describeLastAnswer({ attempts: 0 }), 'Not tried yet');
  assert.equal(describeLastAnswer({ attempts: 1, last_status_code: 200, last_duration_ms: 35 }), 'HTTP 200 in 35 ms');
  assert.equal(describeLastAnswer({
    attempts: 3, last_status_code: 500, last_duration_ms: 12, last_error: 'the receiver answered 500: oops',
  }), 'the receiver answered 500: oops (12 ms)');
  assert.equal(describeLastAnswer({ attempts: 2, last_status_code: null, last_duration_ms: 15000, last_error: 'timed out' }),
    'timed out (15000 ms)');
  assert.equal(describeLastAnswer({ attempts: 0, last_error: 'not sent: the endpoint is disabled' }),
    'not sent: the endpoint is disabled');
  assert.equal(describeLastAnswer({ attempts: 1, last_status_code: null }), 'No answer');
  assert.equal(describeStatus({ status: 'succeeded' }), 'Delivered');
  assert.equal(describeStatus({ status: 'failed' }), 'Failed');
  assert.match(describeStatus({ status: 'pending', next_attempt_at: '2027-03-28T05:00:00Z' }), /^Sending, next try \S/);
  assert.equal(describeStatus({ status: 'pending', next_attempt_at: null }), 'Sending');
  assert.deepEqual(['pending', 'succeeded', 'failed'].map((status) => canSendAgain({ status })), [false, true, true]);
});

test('a delivery sent again says when; a job\'s log says which one went to its callback_url', () => {
  assert.equal(describeResend({ resent_at: null }), '');
  assert.equal(describeResend({}), '');
  assert.equal(describeResend({ resent_at: 'not a date' }), '');
  assert.match(describeResend({ resent_at: '2027-03-28T05:00:00Z' }), /^sent again at \S/);
  assert.equal(describeTarget({ url: 'https://example.com/done', endpoint_id: null }), 'https://example.com/done (callback_url)');
  assert.equal(describeTarget({ url: 'https://example.com/hook', endpoint_id: 'w1' }), 'https://example.com/hook');
});

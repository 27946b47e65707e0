// The Account page's Webhooks section: the reader's endpoints (add one — its secret is shown once,
// in a secret box —, send a test, give it a new secret, disable or enable it, delete it), each one's
// delivery log (delivery-row.js: when it was sent again, "Send again"), and the callback secret that
// signs generate's callback_url. Drawn by render(state) from one WebhooksView; app.js enters and leaves
// it with the rest of the Account page.

import {
  createWebhook, deleteWebhook, getCallbackSecret, isAbort, issueCallbackSecret, listWebhookDeliveries, listWebhooks,
  resendWebhookDelivery, rotateWebhookSecret, testWebhook, updateWebhook,
} from '../api.js';
import { confirmAction } from '../dialog.js';
import { byId, fromTemplate } from '../dom.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from '../fields.js';
import { deliveryRow } from '../delivery-row.js';
import { WEBHOOK_EVENT_LABELS, actionButton, formatDate, label } from '../labels.js';
import { current } from '../meta.js';
import { secretBox } from '../secret-box.js';
import { describeEndpoint, disabledNotice } from '../webhook-text.js';

/** The newest deliveries an open log shows. */
const LOG_SIZE = 20;

/**
 * @typedef {object} WebhooksView
 * @property {any[]|null} endpoints null until loaded
 * @property {import('../secret-box.js').ShownSecret|null} secret a secret just made, shown until the page is left
 * @property {boolean} adding
 * @property {string|null} error
 * @property {string|null} open the endpoint whose delivery log is shown
 * @property {any[]|null} deliveries that log's newest deliveries, null while they load
 * @property {any|null} callback whether the reader has a callback secret, null until loaded
 */

const el = byId;
const form = el('webhook-form', HTMLFormElement);
const url = el('webhook-url', HTMLInputElement);
const events = el('webhook-events', HTMLFieldSetElement);
const description = el('webhook-description', HTMLInputElement);
const submit = el('webhook-create', HTMLButtonElement);
const errorLine = el('webhook-error');
const secretShown = secretBox({
  box: el('webhook-secret-box'), heading: el('webhook-secret-label'), value: el('webhook-secret'),
  copy: el('webhook-secret-copy', HTMLButtonElement),
});
const list = el('webhook-list');
const empty = el('webhooks-empty');
const callbackStatus = el('callback-status');
const callbackIssue = el('callback-issue', HTMLButtonElement);

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {WebhooksView} */
let state = initialState();
/** Aborted when the page is left. @type {AbortController|null} */
let visit = null;
/** What the last render drew of the parts only redrawn when they change. */
const drawn = { endpoints: undefined, open: undefined, deliveries: undefined };

/** @returns {WebhooksView} */
function initialState() {
  return {
    endpoints: null, secret: null, adding: false, error: null, open: null, deliveries: null,
    callback: null,
  };
}

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
  const error = el('webhook-events-error');
  error.before(...current().webhook_events.map((event) => {
    const option = fromTemplate('webhook-event-template');
    const box = /** @type {HTMLInputElement} */ (option.querySelector('input'));
    box.value = event;
    box.defaultChecked = event === 'job.completed';
    box.dataset.testid = `webhook-event-${event}`;
    option.querySelector('span').textContent = label(WEBHOOK_EVENT_LABELS, event);
    return option;
  }));
  form.addEventListener('submit', add);
  clearOnInput({ url, description });
  events.addEventListener('change', () => clearFieldError(events));
  callbackIssue.addEventListener('click', issueCallback);
}

export function enter() {
  leave();
  visit = new AbortController();
  state = initialState();
  render(state);
  load();
}

export function leave() {
  visit?.abort();
  visit = null;
  // A secret is shown once: leaving the page forgets it.
  update({ secret: null });
}

/** @param {Partial<WebhooksView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

/** Shows a failure in the section's error line; an unreachable api also raises the banner. */
function failed(what) {
  return (failure) => {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ error: `${what} ${failure.message}` });
  };
}

async function load() {
  const signal = visit?.signal;
  try {
    const [endpoints, callback] = await Promise.all([listWebhooks({ signal }), getCallbackSecret({ signal })]);
    update({ endpoints: endpoints.items, callback });
  } catch (failure) {
    failed('Your webhooks could not be loaded.')(failure);
  }
}

async function reloadEndpoints() {
  update({ endpoints: (await listWebhooks({ signal: visit?.signal })).items });
}

/** Opens an endpoint's delivery log (or refreshes it when it is open). */
async function showLog(endpointId) {
  if (state.open !== endpointId) update({ open: endpointId, deliveries: null });
  try {
    const page = await listWebhookDeliveries(endpointId, { size: LOG_SIZE }, { signal: visit?.signal });
    if (state.open === endpointId) update({ deliveries: page.items });
  } catch (failure) {
    failed('The delivery log could not be loaded.')(failure);
  }
}

async function add(event) {
  event.preventDefault();
  [url, events, description].forEach(clearFieldError);
  update({ adding: true, error: null });
  try {
    const body = {
      url: url.value.trim(),
      events: [...events.querySelectorAll('input:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value),
    };
    if (description.value.trim()) body.description = description.value.trim();
    const endpoint = await createWebhook(body);
    form.reset();
    update({ adding: false, secret: { what: `The signing secret of ${endpoint.url}`, value: endpoint.secret } });
    await reloadEndpoints();
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    const unplaced = placeFieldErrors(failure, { url, events, description });
    update({ adding: false, error: [failure.message, ...unplaced].join(' ') });
  }
}

async function confirmRotate(endpoint) {
  const confirmed = await confirmAction({
    heading: 'Give this endpoint a new secret?',
    message: `Deliveries to ${endpoint.url} are signed with both secrets for the next 24 hours, then with the new one only.`,
    action: 'New secret',
  });
  if (!confirmed) return;
  const rotated = await rotateWebhookSecret(endpoint.id);
  update({ secret: { what: `The new signing secret of ${rotated.url}`, value: rotated.secret } });
  await reloadEndpoints();
}

async function confirmDelete(endpoint) {
  const confirmed = await confirmAction({
    heading: 'Delete this endpoint?',
    message: `Nothing more is sent to ${endpoint.url}, and its delivery log goes with it.`,
    action: 'Delete',
  });
  if (!confirmed) return;
  await deleteWebhook(endpoint.id);
  if (state.open === endpoint.id) update({ open: null, deliveries: null });
  await reloadEndpoints();
  (list.querySelector('button') || url).focus();
}

async function issueCallback() {
  if (state.callback?.exists) {
    const confirmed = await confirmAction({
      heading: 'Make a new callback secret?',
      message: 'Callbacks are signed with both secrets for the next 24 hours, then with the new one only.',
      action: 'New secret',
    });
    if (!confirmed) return;
  }
  callbackIssue.disabled = true;
  try {
    const issued = await issueCallbackSecret();
    update({ callback: issued, error: null, secret: { what: 'Your callback secret', value: issued.secret } });
  } catch (failure) {
    failed('The callback secret could not be made.')(failure);
  } finally {
    callbackIssue.disabled = false;
  }
}

/** @param {WebhooksView} view */
function render(view) {
  submit.disabled = view.adding;
  errorLine.textContent = view.error ?? '';
  errorLine.hidden = !view.error;
  secretShown.render(view.secret);
  empty.hidden = !view.endpoints || view.endpoints.length > 0;
  if (drawn.endpoints !== view.endpoints || drawn.open !== view.open || drawn.deliveries !== view.deliveries) {
    drawn.endpoints = view.endpoints;
    drawn.open = view.open;
    drawn.deliveries = view.deliveries;
    list.replaceChildren(...(view.endpoints ?? []).map((endpoint) => endpointRow(endpoint, view)));
  }
  const callback = view.callback;
  callbackStatus.textContent = !callback ? ''
    : callback.exists ? `You have one, made ${formatDate(callback.created_at)}${callback.previous_secret_expires_at
      ? `; the previous one still signs until ${formatDate(callback.previous_secret_expires_at)}` : ''}.`
      : 'None yet: a generate with a callback_url is refused until you make one.';
  callbackIssue.textContent = callback?.exists ? 'New callback secret' : 'Create a callback secret';
}

/** @param {any} endpoint @param {WebhooksView} view */
function endpointRow(endpoint, view) {
  const li = fromTemplate('webhook-row-template');
  li.dataset.webhookId = endpoint.id;
  li.querySelector('.webhook-url').textContent = endpoint.url;
  li.querySelector('.webhook-facts').textContent = describeEndpoint(endpoint);
  const notice = /** @type {HTMLElement} */ (li.querySelector('.webhook-disabled'));
  notice.textContent = disabledNotice(endpoint) ?? '';
  notice.hidden = endpoint.enabled;
  const open = view.open === endpoint.id;
  const onError = failed('That did not work.');
  const action = (text, testid, perform) => actionButton({
    label: text, testid, ariaLabel: `${text}: ${endpoint.url}`, perform, onError,
  });
  const remove = action('Delete', 'webhook-delete', () => confirmDelete(endpoint));
  remove.classList.add('button-danger-quiet');
  li.querySelector('.webhook-actions').append(
    action(open ? 'Hide deliveries' : 'Deliveries', 'webhook-deliveries-toggle',
      async () => (open ? update({ open: null, deliveries: null }) : showLog(endpoint.id))),
    action('Send test', 'webhook-test', async () => {
      await testWebhook(endpoint.id);
      await showLog(endpoint.id);
    }),
    action('New secret', 'webhook-rotate', () => confirmRotate(endpoint)),
    action(endpoint.enabled ? 'Disable' : 'Enable', endpoint.enabled ? 'webhook-disable' : 'webhook-enable', async () => {
      await updateWebhook(endpoint.id, { enabled: !endpoint.enabled });
      await reloadEndpoints();
    }),
    remove,
  );
  const log = /** @type {HTMLElement} */ (li.querySelector('.webhook-log'));
  log.hidden = !open;
  if (open) {
    const deliveries = view.deliveries ?? [];
    /** @type {HTMLElement} */ (log.querySelector('.webhook-log-empty')).hidden = view.deliveries === null || deliveries.length > 0;
    log.querySelector('tbody').replaceChildren(...deliveries.map((delivery) => deliveryRow(delivery, {
      onError,
      testids: { row: 'webhook-delivery', resend: 'webhook-resend' },
      sendAgain: async () => {
        await resendWebhookDelivery(endpoint.id, delivery.id);
        await showLog(endpoint.id);
      },
    })));
  }
  return li;
}

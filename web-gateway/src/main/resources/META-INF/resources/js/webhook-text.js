// The webhook words of the Account page and the job page, kept apart from the DOM so node --test can
// check them: what an endpoint receives and its state, and what became of a delivery.

import { WEBHOOK_EVENT_LABELS, formatDate, formatTime, label } from './labels.js';

export const DELIVERY_STATUS_LABELS = {
  pending: 'Sending',
  succeeded: 'Delivered',
  failed: 'Failed',
};

/**
 * One line under an endpoint's URL: what it receives, and when it was added.
 *
 * @param {{events: string[], description?: string|null, created_at: string}} endpoint
 */
export function describeEndpoint(endpoint) {
  const events = endpoint.events.map((event) => label(WEBHOOK_EVENT_LABELS, event)).join(', ');
  const description = endpoint.description ? `${endpoint.description} · ` : '';
  return ` ${description}${events} · added ${formatDate(endpoint.created_at)}`;
}

/**
 * Why an endpoint gets nothing, or null while it is enabled.
 *
 * @param {{enabled: boolean, disabled_reason?: string|null}} endpoint
 */
export function disabledNotice(endpoint) {
  if (endpoint.enabled) return null;
  return `Disabled: nothing is sent but test events. ${endpoint.disabled_reason ?? ''}`.trim();
}

/**
 * The last try's answer in a few words: the HTTP status and time of a success, else the sender's
 * reason (which names the status the receiver answered, or why there was no answer).
 *
 * @param {{attempts: number, last_status_code?: number|null, last_duration_ms?: number|null, last_error?: string|null}} delivery
 */
export function describeLastAnswer(delivery) {
  const ms = delivery.last_duration_ms;
  const took = ms === null || ms === undefined ? '' : `${ms} ms`;
  if (delivery.last_error) return took ? `${delivery.last_error} (${took})` : delivery.last_error;
  if (delivery.last_status_code) return `HTTP ${delivery.last_status_code}${took ? ` in ${took}` : ''}`;
  return delivery.attempts === 0 ? 'Not tried yet' : 'No answer';
}

/**
 * A delivery's state: sent, given up, or when it is tried next.
 *
 * @param {{status: string, next_attempt_at?: string|null}} delivery
 */
export function describeStatus(delivery) {
  const text = label(DELIVERY_STATUS_LABELS, delivery.status);
  return delivery.status === 'pending' && delivery.next_attempt_at
    ? `${text}, next try ${formatTime(delivery.next_attempt_at)}` : text;
}

/** Only a finished delivery can be sent again: a pending one is still being sent. @param {{status: string}} delivery */
export function canSendAgain(delivery) {
  return delivery.status === 'succeeded' || delivery.status === 'failed';
}

/**
 * When a delivery was last sent again, or '' if never: its tries and its 24 h window started afresh then.
 *
 * @param {{resent_at?: string|null}} delivery
 */
export function describeResend(delivery) {
  const when = delivery.resent_at ? formatDate(delivery.resent_at) : '';
  return when ? `sent again at ${when}` : '';
}

/**
 * Where a delivery goes, as a job's delivery log shows it: a one-off callback_url says so, since the
 * owner's endpoints may be sent the same event.
 *
 * @param {{url?: string|null, endpoint_id?: string|null}} delivery
 */
export function describeTarget(delivery) {
  const url = delivery.url ?? '';
  return delivery.endpoint_id ? url : `${url} (callback_url)`;
}

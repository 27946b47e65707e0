// One row of a delivery log, drawn the same in the Account page's endpoint logs and the job page's
// Deliveries: when, what, (where,) its state and when it was last sent again, tries, the last answer,
// and Send again for a finished one. The words are webhook-text.js's.

import { WEBHOOK_EVENT_LABELS, actionButton, badge, formatDate, label, row } from './labels.js';
import {
  canSendAgain, describeLastAnswer, describeResend, describeStatus, describeTarget,
} from './webhook-text.js';

/** The badge colours the job states already have: delivered like completed, sending like pending. */
const STATUS_STYLES = { succeeded: 'completed', failed: 'failed', pending: 'pending' };

/**
 * @param {any} delivery an item of a delivery log
 * @param {object} options
 * @param {boolean} [options.withTarget] a column for where it goes: a job's log mixes its callback_url and endpoints
 * @param {() => Promise<any>} options.sendAgain the resend call, and what the page does after it
 * @param {(failure: any) => void} options.onError shows a failed Send again in the page's error line
 * @param {{row: string, resend: string}} options.testids
 * @returns {HTMLTableRowElement}
 */
export function deliveryRow(delivery, { withTarget = false, sendAgain, onError, testids }) {
  const again = canSendAgain(delivery) ? actionButton({
    label: 'Send again', testid: testids.resend, ariaLabel: `Send ${delivery.webhook_id} again`, onError,
    perform: sendAgain,
  }) : '';
  const tr = row([
    formatDate(delivery.created_at),
    label(WEBHOOK_EVENT_LABELS, delivery.event_type),
    ...(withTarget ? [describeTarget(delivery)] : []),
    statusCell(delivery),
    { value: String(delivery.attempts), num: true },
    describeLastAnswer(delivery),
    again,
  ]);
  tr.dataset.testid = testids.row;
  tr.dataset.status = delivery.status;
  tr.title = delivery.webhook_id;
  return tr;
}

/** The status badge, and under it when the delivery was last sent again. */
function statusCell(delivery) {
  const cell = document.createElement('span');
  cell.append(badge(describeStatus(delivery), `status-${label(STATUS_STYLES, delivery.status)}`));
  const resent = describeResend(delivery);
  if (resent) {
    const note = document.createElement('span');
    note.className = 'muted delivery-resent';
    note.dataset.testid = 'delivery-resent';
    note.textContent = resent;
    cell.append(note);
  }
  return cell;
}

// Account: who is signed in, the address of their Atom feed (copy it, or replace it after a
// confirmation), and API tokens for scripts (create — the secret is shown once, in a secret box —,
// list, revoke after a confirmation). Drawn by render(state) from one AccountView.

import { createToken, getMe, isAbort, listTokens, revokeToken, rotateFeed } from '../api.js';
import { confirmAction } from '../dialog.js';
import { byId, fromTemplate } from '../dom.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from '../fields.js';
import { facts, formatDate } from '../labels.js';
import { copyText, secretBox } from '../secret-box.js';

/**
 * @typedef {object} AccountView
 * @property {any} user who is signed in (its feed_url too)
 * @property {string} feedCopyLabel what the feed's Copy button says
 * @property {boolean} rotating
 * @property {string|null} feedError
 * @property {any[]|null} tokens null until loaded
 * @property {import('../secret-box.js').ShownSecret|null} secret a token just created, shown until the page is left
 * @property {boolean} creating
 * @property {string|null} error
 */

const el = byId;
const accountFacts = el('account-facts');
const form = el('token-form', HTMLFormElement);
const name = el('token-name', HTMLInputElement);
const expiry = el('token-expiry', HTMLSelectElement);
const submit = el('token-create', HTMLButtonElement);
const errorLine = el('token-error');
const tokenSecret = secretBox({
  box: el('token-created'), heading: el('token-secret-label'), value: el('token-secret'), copy: el('token-copy', HTMLButtonElement),
});
const list = el('token-list');
const empty = el('tokens-empty');
const feedUrl = el('feed-url');
const feedCopy = el('feed-copy', HTMLButtonElement);
const feedRotate = el('feed-rotate', HTMLButtonElement);
const feedError = el('feed-error');

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {AccountView} */
let state = initialState(null);
/** Aborted when the page is left. @type {AbortController|null} */
let visit = null;
/** What the last render drew of the parts only redrawn when they change. */
const drawn = { user: undefined, tokens: undefined };

/** @returns {AccountView} */
function initialState(user) {
  return {
    user, tokens: null, secret: null, creating: false, error: null,
    feedCopyLabel: 'Copy', rotating: false, feedError: null,
  };
}

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
  form.addEventListener('submit', create);
  clearOnInput({ name });
  feedCopy.addEventListener('click', async () => update({ feedCopyLabel: await copyText(state.user?.feed_url, feedUrl) }));
  feedRotate.addEventListener('click', confirmRotate);
}

export function enter(param, user) {
  leave();
  visit = new AbortController();
  state = initialState(user);
  render(state);
  load();
}

export function leave() {
  visit?.abort();
  visit = null;
  // The secret is shown once: leaving the page forgets it.
  update({ secret: null });
}

/** @param {Partial<AccountView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

async function load() {
  loadAccount();
  try {
    update({ tokens: await listTokens({ signal: visit?.signal }) });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ error: `Your tokens could not be loaded. ${failure.message}` });
  }
}

/** The account as it is now: its feed may have a new address since the session began (another tab, a script). */
async function loadAccount() {
  try {
    update({ user: await getMe({ signal: visit?.signal }) });
  } catch (failure) {
    if (isAbort(failure)) return;
    update({ feedError: `Your feed's address could not be loaded. ${failure.message}` });
  }
}

async function create(event) {
  event.preventDefault();
  clearFieldError(name);
  update({ creating: true, error: null });
  try {
    const body = { name: name.value.trim() };
    if (expiry.value) body.expires_in_days = Number(expiry.value);
    const token = await createToken(body);
    form.reset();
    update({ secret: { what: 'Your new token', value: token.token }, creating: false });
    await load();
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    const unplaced = placeFieldErrors(failure, { name });
    update({ creating: false, error: [failure.message, ...unplaced].join(' ') });
  }
}

/** @param {AccountView} view */
function render(view) {
  if (drawn.user !== view.user) {
    drawn.user = view.user;
    facts(accountFacts, [
      ['Name', view.user?.name],
      ['Email', view.user?.email],
      ['Role', view.user?.roles?.includes('admin') ? 'administrator' : 'reader'],
    ]);
  }
  feedUrl.textContent = view.user?.feed_url ?? '';
  feedCopy.textContent = view.feedCopyLabel;
  feedRotate.disabled = view.rotating;
  feedError.textContent = view.feedError ?? '';
  feedError.hidden = !view.feedError;
  submit.disabled = view.creating;
  errorLine.textContent = view.error ?? '';
  errorLine.hidden = !view.error;
  tokenSecret.render(view.secret);
  empty.hidden = !view.tokens || view.tokens.length > 0;
  if (drawn.tokens !== view.tokens) {
    drawn.tokens = view.tokens;
    list.replaceChildren(...(view.tokens ?? []).map(tokenRow));
  }
}

function tokenRow(token) {
  const li = fromTemplate('token-row-template');
  li.dataset.tokenId = token.id;
  li.querySelector('strong').textContent = token.name;
  li.querySelector('.muted').textContent = ` ${token.prefix}… · created ${formatDate(token.created_at)} · `
    + `${token.last_used_at ? `last used ${formatDate(token.last_used_at)}` : 'never used'} · `
    + `${token.expires_at ? `expires ${formatDate(token.expires_at)}` : 'never expires'}`;
  const revoke = li.querySelector('button');
  revoke.setAttribute('aria-label', `Revoke ${token.name}`);
  revoke.addEventListener('click', () => confirmRevoke(token, revoke));
  return li;
}

async function confirmRevoke(token, button) {
  const confirmed = await confirmAction({
    heading: 'Revoke this token?',
    message: `Scripts using “${token.name}” will be refused from the next request on.`,
    action: 'Revoke',
  });
  if (!confirmed) return;
  button.disabled = true;
  try {
    await revokeToken(token.id);
    await load();
    (list.querySelector('button') || name).focus();
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ error: `The token could not be revoked. ${failure.message}` });
    button.disabled = false;
  }
}

async function confirmRotate() {
  const confirmed = await confirmAction({
    heading: 'Give your feed a new address?',
    message: 'Feed readers using the current address will get nothing from it any more; add the new one to them.',
    action: 'New address',
  });
  if (!confirmed) return;
  update({ rotating: true, feedError: null });
  try {
    update({ user: await rotateFeed(), rotating: false, feedCopyLabel: 'Copy' });
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ rotating: false, feedError: `The feed could not get a new address. ${failure.message}` });
  }
}

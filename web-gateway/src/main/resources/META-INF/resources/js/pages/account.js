// Account: who is signed in, and API tokens for scripts (create — the secret is shown once —,
// list, revoke after a confirmation).

import { createToken, listTokens, revokeToken } from '../api.js';
import { confirmAction } from '../dialog.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from '../fields.js';
import { facts, formatDate } from '../labels.js';

const el = (id) => document.getElementById(id);
const accountFacts = el('account-facts');
const form = el('token-form');
const name = el('token-name');
const expiry = el('token-expiry');
const submit = el('token-create');
const error = el('token-error');
const created = el('token-created');
const secret = el('token-secret');
const copy = el('token-copy');
const list = el('token-list');
const empty = el('tokens-empty');

let handlers = {};

/** @param {object} callbacks onUnreachable(error) */
export function init(callbacks) {
  handlers = callbacks;
  form.addEventListener('submit', create);
  clearOnInput({ name });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(secret.textContent);
      copy.textContent = 'Copied';
    } catch {
      // No clipboard (an http page, say): select the text so the reader can copy it themselves.
      getSelection().selectAllChildren(secret);
      copy.textContent = 'Selected: press Ctrl+C';
    }
  });
}

export function enter(param, user) {
  facts(accountFacts, [
    ['Name', user?.name],
    ['Email', user?.email],
    ['Role', user?.roles?.includes('admin') ? 'administrator' : 'reader'],
  ]);
  created.hidden = true;
  secret.textContent = '';
  load();
}

export function leave() {
  // The secret is shown once: leaving the page forgets it.
  created.hidden = true;
  secret.textContent = '';
}

async function load() {
  try {
    render(await listTokens());
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    showError(`Your tokens could not be loaded. ${failure.message}`);
  }
}

async function create(event) {
  event.preventDefault();
  clearFieldError(name);
  error.hidden = true;
  submit.disabled = true;
  try {
    const body = { name: name.value.trim() };
    if (expiry.value) body.expires_in_days = Number(expiry.value);
    const token = await createToken(body);
    secret.textContent = token.token;
    copy.textContent = 'Copy';
    created.hidden = false;
    form.reset();
    await load();
  } catch (failure) {
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    const unplaced = placeFieldErrors(failure, { name });
    showError([failure.message, ...unplaced].join(' '));
  } finally {
    submit.disabled = false;
  }
}

function render(tokens) {
  empty.hidden = tokens.length > 0;
  list.replaceChildren(...tokens.map((token) => {
    const li = document.createElement('li');
    li.dataset.testid = 'token-row';
    li.dataset.tokenId = token.id;
    const text = document.createElement('span');
    const title = document.createElement('strong');
    title.textContent = token.name;
    const detail = document.createElement('span');
    detail.className = 'muted';
    detail.textContent = ` ${token.prefix}… · created ${formatDate(token.created_at)} · `
      + `${token.last_used_at ? `last used ${formatDate(token.last_used_at)}` : 'never used'} · `
      + `${token.expires_at ? `expires ${formatDate(token.expires_at)}` : 'never expires'}`;
    text.append(title, detail);
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.className = 'button button-quiet button-small button-danger-quiet';
    revoke.textContent = 'Revoke';
    revoke.dataset.testid = 'token-revoke';
    revoke.setAttribute('aria-label', `Revoke ${token.name}`);
    revoke.addEventListener('click', () => confirmRevoke(token, revoke));
    li.append(text, revoke);
    return li;
  }));
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
    showError(`The token could not be revoked. ${failure.message}`);
    button.disabled = false;
  }
}

function showError(text) {
  error.textContent = text;
  error.hidden = false;
}

// The secret box the Account page's tokens and webhooks share, over stand-ins for its elements: it
// shows a secret with the warning that it will not be shown again, hides when there is none, and its
// Copy button copies it (or selects it when there is no clipboard), saying so until the next secret.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { SHOWN_ONCE, copyText, secretBox } from '../../main/resources/META-INF/resources/js/secret-box.js';

/** As much of an element as the box uses. */
class Part {
  hidden = false;
  textContent = '';
  /** @type {Record<string, () => Promise<void>>} */
  listeners = {};
  addEventListener(type, listener) {
    this.listeners[type] = listener;
  }
  click() {
    return this.listeners.click();
  }
}

/** @type {string[]} */
let copied;
/** @type {unknown[]} */
let selected;

const withClipboard = () => {
  globalThis.navigator = { clipboard: { writeText: async (text) => { copied.push(text); } } };
};

beforeEach(() => {
  copied = [];
  selected = [];
  withClipboard();
  globalThis.getSelection = () => ({ selectAllChildren: (node) => selected.push(node) });
});

afterEach(() => {
  delete globalThis.navigator;
  delete globalThis.getSelection;
});

function box() {
  const parts = { box: new Part(), heading: new Part(), value: new Part(), copy: new Part() };
  return { parts, shown: secretBox(parts) };
}

test('no secret, no box', () => {
  const { parts, shown } = box();
  shown.render(null);
  assert.equal(parts.box.hidden, true);
  assert.equal(parts.value.textContent, '');
  assert.equal(parts.copy.textContent, 'Copy');
});

test('a secret is shown with what it is and the warning that it will not be shown again', () => {
  const { parts, shown } = box();
  shown.render({ what: 'The signing secret of https://example.com/hook', value: 'whsec_abc' });
  assert.equal(parts.box.hidden, false);
  assert.equal(parts.heading.textContent,
    'The signing secret of https://example.com/hook — copy it now, it will not be shown again:');
  assert.ok(parts.heading.textContent.endsWith(SHOWN_ONCE));
  assert.equal(parts.value.textContent, 'whsec_abc');

  shown.render(null);
  assert.equal(parts.box.hidden, true, 'a page that forgets the secret hides it');
  assert.equal(parts.value.textContent, '');
});

test('Copy copies the secret and says so until another secret is shown', async () => {
  const { parts, shown } = box();
  const token = { what: 'Your new token', value: 'opad_123' };
  shown.render(token);
  await parts.copy.click();
  assert.deepEqual(copied, ['opad_123']);
  assert.equal(parts.copy.textContent, 'Copied');
  shown.render(token);
  assert.equal(parts.copy.textContent, 'Copied', 'the page drawing itself again keeps the answer');
  shown.render({ what: 'Your callback secret', value: 'whsec_new' });
  assert.equal(parts.copy.textContent, 'Copy', 'a new secret has not been copied yet');
});

test('without a clipboard the secret is selected for the reader to copy', async () => {
  globalThis.navigator = {};
  const { parts, shown } = box();
  shown.render({ what: 'Your new token', value: 'opad_123' });
  await parts.copy.click();
  assert.deepEqual(selected, [parts.value]);
  assert.equal(parts.copy.textContent, 'Selected: press Ctrl+C');
});

test('a secret shown while the last one was being copied keeps its own Copy', async () => {
  let finish;
  globalThis.navigator = { clipboard: { writeText: () => new Promise((resolve) => { finish = resolve; }) } };
  const { parts, shown } = box();
  shown.render({ what: 'The signing secret of https://a.example/hook', value: 'whsec_a' });
  const copying = parts.copy.click();
  shown.render({ what: 'The new signing secret of https://a.example/hook', value: 'whsec_b' });
  finish();
  await copying;
  assert.equal(parts.copy.textContent, 'Copy');
  assert.equal(parts.value.textContent, 'whsec_b');
});

test('copyText answers what its button should say', async () => {
  assert.equal(await copyText('http://127.0.0.1:8080/api/feeds/x.atom', null), 'Copied');
  assert.deepEqual(copied, ['http://127.0.0.1:8080/api/feeds/x.atom']);
  globalThis.navigator = { clipboard: { writeText: async () => { throw new Error('not allowed'); } } };
  const shown = {};
  assert.equal(await copyText('x', shown), 'Selected: press Ctrl+C');
  assert.deepEqual(selected, [shown]);
});

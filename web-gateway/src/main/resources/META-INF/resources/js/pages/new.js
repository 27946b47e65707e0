// New article: sends the order, starts generation and opens the job's page. The api's validation
// messages land next to the fields they belong to. One Idempotency-Key per order, kept until the
// order went through, so a second click or a retry after a lost answer never orders twice.
// The form's own state (busy, its error line) is drawn by render(state); the inputs hold the order.

import { createArticle, startGeneration } from '../api.js';
import { addOptions, byId, fromTemplate } from '../dom.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from '../fields.js';
import { LANGUAGE_LABELS, LEVEL_LABELS, label } from '../labels.js';
import { current } from '../meta.js';
import { go, jobPath } from '../router.js';

/** What the form offers first. */
const DEFAULT_LANGUAGE = 'de';
const DEFAULT_LEVEL = 'B1';

const form = byId('article-form', HTMLFormElement);
const submit = byId('submit', HTMLButtonElement);
const formError = document.getElementById('form-error');
const source = form.querySelector('details');
const inputs = {
  language: /** @type {HTMLSelectElement} */ (document.getElementById('language')),
  level: document.getElementById('level'),
  length: byId('length', HTMLInputElement),
  topic: byId('topic', HTMLInputElement),
  source_url: byId('source_url', HTMLInputElement),
  source_text: byId('source_text', HTMLTextAreaElement),
};

/**
 * @typedef {object} OrderView
 * @property {boolean} sending
 * @property {string|null} error the form's error line
 */

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
let orderKey = null;
/** @type {OrderView} */
let state = { sending: false, error: null };

/** @param {object} callbacks onUnreachable(error) */
export function init(callbacks) {
  handlers = callbacks;
  offerLanguagesAndLevels();
  form.addEventListener('submit', send);
  form.addEventListener('input', () => { orderKey = null; });
  clearOnInput(inputs);
  form.querySelectorAll('input[name=level]').forEach((radio) =>
    radio.addEventListener('change', () => clearFieldError(inputs.level)));
}

/** The languages and levels the api writes in (GET /api/meta); the api takes a language by its English name. */
function offerLanguagesAndLevels() {
  const { languages, levels } = current();
  const defaultName = languages.find((language) => language.code === DEFAULT_LANGUAGE)?.name;
  addOptions(inputs.language, languages.map((language) => [language.name, label(LANGUAGE_LABELS, language.code)]), defaultName);
  const error = document.getElementById('level-error');
  error.before(...levels.map((level) => {
    const option = fromTemplate('level-option-template');
    const radio = option.querySelector('input');
    radio.value = level;
    radio.dataset.testid = `level-${level}`;
    radio.defaultChecked = level === DEFAULT_LEVEL;
    option.querySelector('b').textContent = level;
    option.querySelector('span').append(label(LEVEL_LABELS, level));
    return option;
  }));
}

export function enter() {
}

export function leave() {
}

/** @param {Partial<OrderView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

/** @param {OrderView} view */
function render(view) {
  submit.disabled = view.sending;
  formError.textContent = view.error ?? '';
  formError.hidden = !view.error;
}

async function send(event) {
  event.preventDefault();
  Object.values(inputs).forEach(clearFieldError);
  update({ sending: true, error: null });
  orderKey ??= newKey();
  let article = null;
  try {
    article = await createArticle(readOrder(), `${orderKey}:create`);
    const job = await startGeneration(article.id, `${orderKey}:generate`);
    orderKey = null;
    form.reset();
    update({ sending: false });
    go(jobPath(job.job_id));
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    update({ sending: false, error: describe(error, article) });
  }
}

/** 128 random bits as hex; crypto.randomUUID exists only on https or localhost pages. */
function newKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function readOrder() {
  const length = inputs.length.value.trim();
  const order = {
    language: inputs.language.value,
    level: /** @type {HTMLInputElement|null} */ (form.querySelector('input[name=level]:checked'))?.value ?? null,
    // Sent as typed (a number when it is one) so the api, not the browser, decides what is valid.
    length: length === '' ? null : (Number.isFinite(Number(length)) ? Number(length) : length),
    topic: inputs.topic.value.trim(),
  };
  const url = inputs.source_url.value.trim();
  const text = inputs.source_text.value.trim();
  if (url) order.source_url = url;
  if (text) order.source_text = text;
  return order;
}

/** The form's error line; the field messages go next to their fields. */
function describe(error, createdArticle) {
  const unplaced = placeFieldErrors(error, inputs);
  if (inputs.source_url.getAttribute('aria-invalid') || inputs.source_text.getAttribute('aria-invalid')) {
    source.open = true;
  }
  const prefix = createdArticle ? 'The article was saved, but writing it could not start. ' : '';
  return [prefix + error.message, ...unplaced].join(' ');
}

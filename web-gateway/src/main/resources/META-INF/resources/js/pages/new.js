// New article: sends the order, starts generation and opens the job's page. The api's validation
// messages land next to the fields they belong to. One Idempotency-Key per order, kept until the
// order went through, so a second click or a retry after a lost answer never orders twice.

import { createArticle, startGeneration } from '../api.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from '../fields.js';
import { go, jobPath } from '../router.js';

const form = document.getElementById('article-form');
const submit = document.getElementById('submit');
const formError = document.getElementById('form-error');
const source = form.querySelector('details.source');
const inputs = {
  language: document.getElementById('language'),
  level: document.getElementById('level'),
  length: document.getElementById('length'),
  topic: document.getElementById('topic'),
  source_url: document.getElementById('source_url'),
  source_text: document.getElementById('source_text'),
};

let handlers = {};
let orderKey = null;

/** @param {object} callbacks onUnreachable(error) */
export function init(callbacks) {
  handlers = callbacks;
  form.addEventListener('submit', send);
  form.addEventListener('input', () => { orderKey = null; });
  clearOnInput(inputs);
  form.querySelectorAll('input[name=level]').forEach((radio) =>
    radio.addEventListener('change', () => clearFieldError(inputs.level)));
}

export function enter() {
}

export function leave() {
}

async function send(event) {
  event.preventDefault();
  clearErrors();
  submit.disabled = true;
  orderKey ??= newKey();
  let article = null;
  try {
    article = await createArticle(readOrder(), `${orderKey}:create`);
    const job = await startGeneration(article.id, `${orderKey}:generate`);
    orderKey = null;
    form.reset();
    go(jobPath(job.job_id));
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    showError(error, article);
  } finally {
    submit.disabled = false;
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
    level: form.querySelector('input[name=level]:checked')?.value ?? null,
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

function showError(error, createdArticle) {
  const unplaced = placeFieldErrors(error, inputs);
  if (inputs.source_url.getAttribute('aria-invalid') || inputs.source_text.getAttribute('aria-invalid')) {
    source.open = true;
  }
  const prefix = createdArticle ? 'The article was saved, but writing it could not start. ' : '';
  formError.textContent = [prefix + error.message, ...unplaced].join(' ');
  formError.hidden = false;
}

function clearErrors() {
  Object.values(inputs).forEach(clearFieldError);
  formError.textContent = '';
  formError.hidden = true;
}

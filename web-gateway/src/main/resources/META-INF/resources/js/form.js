// The order form: sends the order, starts generation, and puts the api's validation messages
// next to the fields they belong to.

import { createArticle, startGeneration } from './api.js';

const FIELDS = ['language', 'level', 'length', 'topic'];

const form = document.getElementById('article-form');
const submit = document.getElementById('submit');
const formError = document.getElementById('form-error');

/**
 * @param {object} handlers
 * @param {(article: object, job: object) => void} handlers.onStarted generation was accepted
 * @param {(article: object) => void} handlers.onCreated the article exists, whether or not generation started
 * @param {(error: Error) => void} handlers.onUnreachable the api could not be reached
 */
export function initForm({ onStarted, onCreated, onUnreachable }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    submit.disabled = true;
    let article = null;
    try {
      article = await createArticle(readOrder());
      onCreated(article);
      const job = await startGeneration(article.id);
      onStarted(article, job);
    } catch (error) {
      if (error.unreachable) onUnreachable(error);
      showError(error, article);
    } finally {
      submit.disabled = false;
    }
  });
  FIELDS.forEach((name) => field(name).addEventListener('input', () => clearFieldError(name)));
}

function readOrder() {
  const length = field('length').value.trim();
  return {
    language: field('language').value,
    level: field('level').value,
    // Sent as typed (a number when it is one) so the api, not the browser, decides what is valid.
    length: length === '' ? null : (Number.isFinite(Number(length)) ? Number(length) : length),
    topic: field('topic').value.trim(),
  };
}

function showError(error, createdArticle) {
  const unplaced = [];
  for (const { field: name, message } of error.fieldErrors) {
    const key = fieldKey(name);
    if (key) {
      showFieldError(key, message);
    } else {
      unplaced.push(name ? `${name}: ${message}` : message);
    }
  }
  const prefix = createdArticle ? 'The article was saved, but writing it could not start. ' : '';
  formError.textContent = [prefix + error.message, ...unplaced].join(' ');
  formError.hidden = false;
  const firstInvalid = FIELDS.map(field).find((input) => input.getAttribute('aria-invalid') === 'true');
  if (firstInvalid) firstInvalid.focus();
}

/** The api may name a field plainly ("topic") or by its path ("create.body.topic"). */
function fieldKey(name) {
  const last = String(name || '').split('.').pop();
  return FIELDS.includes(last) ? last : null;
}

function showFieldError(name, message) {
  const error = document.getElementById(`${name}-error`);
  error.textContent = message;
  error.hidden = false;
  field(name).setAttribute('aria-invalid', 'true');
}

function clearFieldError(name) {
  const error = document.getElementById(`${name}-error`);
  error.textContent = '';
  error.hidden = true;
  field(name).removeAttribute('aria-invalid');
}

function clearErrors() {
  FIELDS.forEach(clearFieldError);
  formError.textContent = '';
  formError.hidden = true;
}

function field(name) {
  return document.getElementById(name);
}

// The order form: sends the order, starts generation, and puts the api's validation messages
// next to the fields they belong to.

import { createArticle, startGeneration } from './api.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from './fields.js';

const form = document.getElementById('article-form');
const submit = document.getElementById('submit');
const formError = document.getElementById('form-error');
const inputs = Object.fromEntries(['language', 'level', 'length', 'topic'].map((name) => [name, document.getElementById(name)]));

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
  clearOnInput(inputs);
}

function readOrder() {
  const length = inputs.length.value.trim();
  return {
    language: inputs.language.value,
    level: inputs.level.value,
    // Sent as typed (a number when it is one) so the api, not the browser, decides what is valid.
    length: length === '' ? null : (Number.isFinite(Number(length)) ? Number(length) : length),
    topic: inputs.topic.value.trim(),
  };
}

function showError(error, createdArticle) {
  const unplaced = placeFieldErrors(error, inputs);
  const prefix = createdArticle ? 'The article was saved, but writing it could not start. ' : '';
  formError.textContent = [prefix + error.message, ...unplaced].join(' ');
  formError.hidden = false;
}

function clearErrors() {
  Object.values(inputs).forEach(clearFieldError);
  formError.textContent = '';
  formError.hidden = true;
}

// Puts a problem document's per-field messages (RFC 9457 "errors": [{field, message}]) next to the
// inputs they belong to. An input's message element is the one with id `${input.id}-error`.

/**
 * The input a problem's field belongs to: the api may name a field plainly ("topic"), by its path
 * ("rule.cron") or as an element of a list ("topics[2]").
 */
export function fieldName(name) {
  return String(name || '').split('.').pop().replace(/\[\d+\]$/, '');
}

export function showFieldError(input, message) {
  const error = document.getElementById(`${input.id}-error`);
  error.textContent = message;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
}

export function clearFieldError(input) {
  const error = document.getElementById(`${input.id}-error`);
  error.textContent = '';
  error.hidden = true;
  input.removeAttribute('aria-invalid');
}

/**
 * Shows each of the error's field messages next to its input and moves focus to the first one.
 *
 * @param {import('./api.js').ApiError} error
 * @param {Object<string, HTMLElement>} inputs the form's inputs by the api's field name
 * @returns {string[]} the messages that belong to none of the inputs, for the form's own error line
 */
export function placeFieldErrors(error, inputs) {
  const unplaced = [];
  for (const { field, message } of error.fieldErrors) {
    const input = inputs[fieldName(field)];
    if (input) {
      showFieldError(input, message);
    } else {
      unplaced.push(field ? `${field}: ${message}` : message);
    }
  }
  Object.values(inputs).find((input) => input.getAttribute('aria-invalid') === 'true')?.focus();
  return unplaced;
}

/** Clears an input's message as soon as it is edited. */
export function clearOnInput(inputs) {
  Object.values(inputs).forEach((input) => input.addEventListener('input', () => clearFieldError(input)));
}

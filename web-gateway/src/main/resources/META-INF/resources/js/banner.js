// The "api is down" banner. While it shows, the api's health is re-checked now and then, and the
// banner goes away by itself once the api answers again.

import { apiIsUp } from './api.js';

const RECHECK_MS = 10_000;
const DEFAULT_TEXT = 'The opad API is not reachable right now. Try again in a moment.';

const banner = document.getElementById('error-banner');
const text = document.getElementById('error-banner-text');
const retry = document.getElementById('error-banner-retry');

let recheckTimer = null;
const recoveryListeners = [];

export function onApiRecovered(listener) {
  recoveryListeners.push(listener);
}

export function showApiDown(message = DEFAULT_TEXT) {
  text.textContent = message;
  banner.hidden = false;
  scheduleRecheck();
}

export function hideApiDown() {
  const wasShown = !banner.hidden;
  banner.hidden = true;
  clearTimeout(recheckTimer);
  recheckTimer = null;
  if (wasShown) recoveryListeners.forEach((listener) => listener());
}

/** Asks the gateway's /health once and shows or hides the banner to match. */
export async function checkApi() {
  if (await apiIsUp()) {
    hideApiDown();
    return true;
  }
  showApiDown();
  return false;
}

function scheduleRecheck() {
  clearTimeout(recheckTimer);
  recheckTimer = setTimeout(checkApi, RECHECK_MS);
}

retry.addEventListener('click', checkApi);

// What the api says about its own codes (GET /api/meta): the languages and levels an article can
// have, the stages a job passes, its states and what each allows, the statuses of an article, the
// types of a job's events and the event types a webhook may subscribe to. Loaded once at start; the
// pages ask here instead of keeping copies.

/**
 * @typedef {object} JobStateInfo
 * @property {string} name
 * @property {boolean} terminal no worker touches the job again by itself
 * @property {boolean} active it counts as the article's job in progress, and can be cancelled
 * @property {boolean} retryable a person may queue it again
 */

/**
 * @typedef {object} Meta
 * @property {{code: string, name: string}[]} languages
 * @property {string[]} levels
 * @property {string[]} stages
 * @property {JobStateInfo[]} job_states
 * @property {string[]} article_statuses
 * @property {{name: string, level: string}[]} event_types
 * @property {string[]} webhook_events the event types a webhook endpoint may subscribe to
 */

/** @type {Meta|null} */
let meta = null;

/**
 * Loads the codes; the app starts once this resolved.
 *
 * @param {() => Promise<Meta>} fetchMeta the api call (api.js getMeta)
 * @returns {Promise<Meta>}
 */
export async function loadMeta(fetchMeta) {
  meta = await fetchMeta();
  return meta;
}

/** @returns {Meta} */
export function current() {
  if (!meta) throw new Error('GET /api/meta has not been loaded yet');
  return meta;
}

/** @param {string} status @returns {JobStateInfo|undefined} */
function state(status) {
  return current().job_states.find((info) => info.name === status);
}

/** @param {string} status */
export const isTerminal = (status) => Boolean(state(status)?.terminal);
/** @param {string} status */
export const isActive = (status) => Boolean(state(status)?.active);
/** @param {string} status */
export const isRetryable = (status) => Boolean(state(status)?.retryable);

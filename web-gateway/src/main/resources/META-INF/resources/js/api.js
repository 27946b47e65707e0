// The gateway's /api and /session, as the page uses them. Every failure becomes an ApiError carrying
// the problem document (RFC 9457) when there is one, so callers can show the api's own words.
//
// The session itself is an HttpOnly cookie this page never sees. What the page does handle is the
// CSRF token: it reads the opad_csrf cookie and echoes it in X-CSRF-Token on every request that
// changes something, which a page on another site cannot do.

const UNREACHABLE_TYPE = '/problems/api-unreachable';
const CSRF_COOKIE = 'opad_csrf';
const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthorizedListeners = [];

/** Called with the ApiError whenever an /api call answers 401: the session has ended (or never began). */
export function onUnauthorized(listener) {
  unauthorizedListeners.push(listener);
}

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 when the gateway itself could not be reached
   * @param {object|null} problem the problem+json body, if the answer had one
   * @param {number|null} retryAfter seconds to wait before trying again, when the answer said so
   */
  constructor(status, problem, retryAfter = null) {
    super(problem?.detail || describeStatus(status, retryAfter));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The api (or the gateway in front of it) is down, as opposed to refusing this request. */
  get unreachable() {
    return this.status === 0 || this.problem?.type === UNREACHABLE_TYPE || (this.status >= 502 && this.problem === null);
  }

  /** Per-field validation messages, as [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem?.errors) ? this.problem.errors : [];
  }
}

function describeStatus(status, retryAfter) {
  if (status === 0) return 'The opad web server cannot be reached. Check your connection.';
  if (status === 401) return 'Please log in.';
  if (status === 403) return 'Missing or invalid CSRF token; reload the page';
  if (status === 404) return 'Not found.';
  if (status === 429) return retryAfter ? `Too many requests. Try again in ${retryAfter} seconds.` : 'Too many requests. Try again later.';
  if (status >= 500) return 'The opad API is not reachable right now. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

/**
 * @typedef {object} CallOptions
 * @property {AbortSignal} [signal] cancels the call: it then rejects with the signal's AbortError,
 *   which callers recognise with {@link isAbort} and ignore (the page has moved on)
 */

/** Whether a failure is only a call cancelled on purpose. @param {unknown} error */
export function isAbort(error) {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{body?: unknown, headers?: Object<string, string>, signal?: AbortSignal}} [options]
 * @returns {Promise<Response>}
 */
async function request(method, path, { body, headers = {}, signal } = {}) {
  /** @type {RequestInit & {headers: Object<string, string>}} */
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers }, signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (!SAFE_METHODS.has(method)) {
    init.headers[CSRF_HEADER] = await csrfToken();
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (failure) {
    if (isAbort(failure)) throw failure;
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const error = new ApiError(response.status, await readProblem(response), retryAfterSeconds(response));
    if (response.status === 401 && path.startsWith('/api/')) {
      unauthorizedListeners.forEach((listener) => listener(error));
    }
    throw error;
  }
  return response;
}

/** The CSRF cookie's value; a browser without one gets it from GET /session first. */
async function csrfToken() {
  let token = readCookie(CSRF_COOKIE);
  if (!token) {
    try {
      await fetch('/session', { headers: { Accept: 'application/json' } });
    } catch {
      // The request that needs the token will fail in its own words.
    }
    token = readCookie(CSRF_COOKIE);
  }
  return token;
}

function readCookie(name) {
  const prefix = `${name}=`;
  const cookie = document.cookie.split('; ').find((entry) => entry.startsWith(prefix));
  return cookie ? cookie.slice(prefix.length) : '';
}

function retryAfterSeconds(response) {
  const seconds = Number.parseInt(response.headers.get('Retry-After') || '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

async function readProblem(response) {
  if (!(response.headers.get('Content-Type') || '').includes('json')) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

const enc = encodeURIComponent;

/** Who is signed in ({id, email, name, roles}), or null when nobody is. */
export async function getSession() {
  const response = await request('GET', '/session');
  return response.status === 204 ? null : response.json();
}

/** Signs in; answers who signed in. Wrong credentials are an ApiError with status 401. */
export async function login(credentials) {
  return (await request('POST', '/session/login', { body: credentials })).json();
}

/** Creates an account and, normally, signs it in (check with getSession). */
export async function register(account) {
  return (await request('POST', '/session/register', { body: account })).json();
}

export async function logout() {
  await request('POST', '/session/logout');
}

/**
 * Creates the article. The Idempotency-Key makes a repeated submit (a double click, a retry after a
 * lost answer) create it once; the caller keeps one key per order.
 */
export async function createArticle(order, idempotencyKey) {
  return (await request('POST', '/api/articles', { body: order, headers: idempotencyHeader(idempotencyKey) })).json();
}

export async function startGeneration(articleId, idempotencyKey) {
  return (await request('POST', `/api/articles/${enc(articleId)}/generate`, { headers: idempotencyHeader(idempotencyKey) })).json();
}

/** @param {string} [key] */
function idempotencyHeader(key) {
  return key ? { 'Idempotency-Key': key } : {};
}

/** @param {string} jobId @param {CallOptions} [options] */
export async function getJob(jobId, options) {
  return (await request('GET', `/api/jobs/${enc(jobId)}`, options)).json();
}

/**
 * The job's status as it changes, pushed by the api (Server-Sent Events, event `status`, data the same JSON
 * getJob answers); null where the browser has no EventSource. The session cookie goes along by itself.
 *
 * @returns {EventSource|null}
 */
export function openJobStream(jobId) {
  return typeof EventSource === 'function' ? new EventSource(`/api/jobs/${enc(jobId)}/events/stream`) : null;
}

/** The job's history, oldest first: [{type, occurred_at, attempt, stage, level, data}]. */
export async function getJobEvents(jobId, options) {
  return (await request('GET', `/api/jobs/${enc(jobId)}/events`, options)).json();
}

/** The job's status after the cancel: cancelled at once (200), or still running while its worker stops (202). */
export async function cancelJob(jobId) {
  return (await request('POST', `/api/jobs/${enc(jobId)}/cancel`)).json();
}

/** Queues a failed or cancelled job again under the same id; answers its status. */
export async function retryJob(jobId) {
  return (await request('POST', `/api/jobs/${enc(jobId)}/retry`)).json();
}

/**
 * One page of what was sent about a job, newest first: its callback_url's delivery and its endpoints',
 * the items of listWebhookDeliveries: {items, page, size, total}.
 *
 * @param {string} jobId @param {{page?: number, size?: number, status?: string}} [filters] @param {CallOptions} [options]
 */
export async function listJobDeliveries(jobId, filters = {}, options) {
  return (await request('GET', `/api/jobs/${enc(jobId)}/deliveries${query(filters)}`, options)).json();
}

/** "Send again" from the job's log (202), also for its callback_url's delivery, which is in no endpoint's log. */
export async function resendJobDelivery(jobId, deliveryId) {
  return (await request('POST', `/api/jobs/${enc(jobId)}/deliveries/${enc(deliveryId)}/resend`)).json();
}

/** Gives up on a failed job for good (admins, from the operations page). */
export async function discardJob(jobId) {
  await request('DELETE', `/api/jobs/${enc(jobId)}`);
}

/** @param {string} articleId @param {CallOptions} [options] */
export async function getArticle(articleId, options) {
  return (await request('GET', `/api/articles/${enc(articleId)}`, options)).json();
}

/** A page of the reader's articles: {items, page, size, total}; filters {status, language, level, page, size}. */
export async function listArticles(filters = {}, options) {
  return (await request('GET', `/api/articles${query(filters)}`, options)).json();
}

export async function deleteArticle(articleId) {
  await request('DELETE', `/api/articles/${enc(articleId)}`);
}

/** Tokens and cost of one article, per stage and per call. */
export async function getArticleUsage(articleId, options) {
  return (await request('GET', `/api/articles/${enc(articleId)}/usage`, options)).json();
}

/** The reader's tokens and cost per day and per stage, and what is left of today's budget. */
export async function getUsage(days, options) {
  return (await request('GET', `/api/usage/me${query({ days })}`, options)).json();
}

/** Queue depth, running and failed jobs, workers and their heartbeats (admins only). */
export async function getOverview(options) {
  return (await request('GET', '/api/admin/overview', options)).json();
}

/** The last hour's waits, runs, failures, dead letters and model use (admins). */
export async function getStats(options) {
  return (await request('GET', '/api/admin/stats', options)).json();
}

/** The worker registry: every worker of the last 24 h with its state (admins). */
export async function getWorkers(options) {
  return (await request('GET', '/api/admin/workers', options)).json();
}

/** The signed-in account as the api has it now: {id, email, name, roles, feed_url, created_at}. */
export async function getMe(options) {
  return (await request('GET', '/api/auth/me', options)).json();
}

/** A new address for the caller's feed; answers the account (its feed_url), the old address is gone at once. */
export async function rotateFeed() {
  return (await request('POST', '/api/auth/feed/rotate')).json();
}

export async function listTokens(options) {
  return (await request('GET', '/api/auth/tokens', options)).json();
}

/** Answers the new token with its secret, which is never shown again. */
export async function createToken(token) {
  return (await request('POST', '/api/auth/tokens', { body: token })).json();
}

export async function revokeToken(tokenId) {
  await request('DELETE', `/api/auth/tokens/${enc(tokenId)}`);
}

/** The reader's schedules: {items: [schedule view]}. @param {CallOptions} [options] */
export async function listSchedules(options) {
  return (await request('GET', '/api/schedules', options)).json();
}

/** @param {string} scheduleId @param {CallOptions} [options] */
export async function getSchedule(scheduleId, options) {
  return (await request('GET', `/api/schedules/${enc(scheduleId)}`, options)).json();
}

/** Creates a schedule; one Idempotency-Key per schedule the form sends, as for an article. */
export async function createSchedule(schedule, idempotencyKey) {
  return (await request('POST', '/api/schedules', { body: schedule, headers: idempotencyHeader(idempotencyKey) })).json();
}

/** Changes the fields the body names; answers the schedule as it is now. */
export async function updateSchedule(scheduleId, changes) {
  return (await request('PATCH', `/api/schedules/${enc(scheduleId)}`, { body: changes })).json();
}

/**
 * Deletes the schedule; answers the job of the run in progress it stopped (the Stopped-Job header),
 * or null when none was asked for or there was none.
 *
 * @param {string} scheduleId @param {{cancelActive?: boolean}} [choice] also stop the article being written now
 * @returns {Promise<string|null>}
 */
export async function deleteSchedule(scheduleId, { cancelActive = false } = {}) {
  const response = await request('DELETE', `/api/schedules/${enc(scheduleId)}${query({ cancel_active: cancelActive || null })}`);
  return response.headers.get('Stopped-Job');
}

/** @param {string} scheduleId @param {{cancelActive?: boolean}} [choice] */
export async function pauseSchedule(scheduleId, { cancelActive = false } = {}) {
  return (await request('POST', `/api/schedules/${enc(scheduleId)}/pause${query({ cancel_active: cancelActive || null })}`)).json();
}

export async function resumeSchedule(scheduleId) {
  return (await request('POST', `/api/schedules/${enc(scheduleId)}/resume`)).json();
}

/** Starts a run now (202, the run); 409 while the last run is active, 429 when today's budget is spent. */
export async function runSchedule(scheduleId) {
  return (await request('POST', `/api/schedules/${enc(scheduleId)}/run`)).json();
}

/** A new address for the schedule's feed; answers the schedule (its feed_url), the old address is gone at once. */
export async function rotateScheduleFeed(scheduleId) {
  return (await request('POST', `/api/schedules/${enc(scheduleId)}/feed/rotate`)).json();
}

/** The schedule's runs, newest first: {items}. @param {string} scheduleId @param {number} limit @param {CallOptions} [options] */
export async function listScheduleRuns(scheduleId, limit, options) {
  return (await request('GET', `/api/schedules/${enc(scheduleId)}/runs${query({ limit })}`, options)).json();
}

/**
 * A rule's next runs and its description, saving nothing: {description, next_runs: [{local, utc}]};
 * an invalid rule is a 400 naming the field (e.g. rule.cron).
 *
 * @param {object} rule @param {number} count @param {CallOptions} [options]
 */
export async function previewSchedule(rule, count, options) {
  return (await request('POST', '/api/schedules/preview', { body: { rule, count }, signal: options?.signal })).json();
}

/** What the reader's schedules and jobs did lately, newest first: {items}. @param {number} limit @param {CallOptions} [options] */
export async function listActivity(limit, options) {
  return (await request('GET', `/api/activity${query({ limit })}`, options)).json();
}

/** The caller's webhook endpoints, oldest first: {items}; never their secrets. @param {CallOptions} [options] */
export async function listWebhooks(options) {
  return (await request('GET', '/api/webhooks', options)).json();
}

/** Registers {url, events, description?}; answers the endpoint with its secret, which is never shown again. */
export async function createWebhook(endpoint) {
  return (await request('POST', '/api/webhooks', { body: endpoint })).json();
}

/** Changes what the body names (url, events, description, enabled); answers the endpoint as it is now. */
export async function updateWebhook(webhookId, changes) {
  return (await request('PATCH', `/api/webhooks/${enc(webhookId)}`, { body: changes })).json();
}

export async function deleteWebhook(webhookId) {
  await request('DELETE', `/api/webhooks/${enc(webhookId)}`);
}

/** A new secret, shown once (the answer's secret); the old one still signs until previous_secret_expires_at. */
export async function rotateWebhookSecret(webhookId) {
  return (await request('POST', `/api/webhooks/${enc(webhookId)}/rotate-secret`)).json();
}

/** Queues a webhook.test delivery (202): answers the delivery. */
export async function testWebhook(webhookId) {
  return (await request('POST', `/api/webhooks/${enc(webhookId)}/test`)).json();
}

/**
 * One page of an endpoint's deliveries, newest first: {items, page, size, total}.
 *
 * @param {string} webhookId @param {{page?: number, size?: number, status?: string}} [filters] @param {CallOptions} [options]
 */
export async function listWebhookDeliveries(webhookId, filters = {}, options) {
  return (await request('GET', `/api/webhooks/${enc(webhookId)}/deliveries${query(filters)}`, options)).json();
}

/** "Send again": the delivery is pending once more, with the same webhook-id and payload (202). */
export async function resendWebhookDelivery(webhookId, deliveryId) {
  return (await request('POST', `/api/webhooks/${enc(webhookId)}/deliveries/${enc(deliveryId)}/resend`)).json();
}

/** Whether the caller has a callback secret: {exists, created_at, previous_secret_expires_at}. @param {CallOptions} [options] */
export async function getCallbackSecret(options) {
  return (await request('GET', '/api/webhooks/callback-secret', options)).json();
}

/** The first callback secret, or a new one in its place; the answer's secret is never shown again. */
export async function issueCallbackSecret() {
  return (await request('POST', '/api/webhooks/callback-secret')).json();
}

/** The finished article as an HTML fragment the gateway rendered with all raw markup escaped. */
export async function getArticleHtml(articleId, options) {
  return (await request('GET', `/api/articles/${enc(articleId)}/html`, options)).text();
}

/**
 * The codes the UI shows (languages, levels, stages, job states); public, and cached by the browser
 * (Cache-Control and ETag from the api).
 *
 * @returns {Promise<import('./meta.js').Meta>}
 */
export async function getMeta() {
  return (await request('GET', '/api/meta')).json();
}

/** "?a=1&b=x" of the filters that have a value, or "". */
function query(filters) {
  const params = new URLSearchParams();
  Object.entries(filters).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  });
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether the api behind the gateway is up; false too when the gateway cannot be reached. */
export async function apiIsUp() {
  try {
    const response = await fetch('/health', { headers: { Accept: 'application/json' } });
    if (!response.ok) return false;
    const health = await response.json();
    return health?.services?.api?.status === 'UP';
  } catch {
    return false;
  }
}

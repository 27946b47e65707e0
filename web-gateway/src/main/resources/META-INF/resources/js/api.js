// The gateway's /api, as the page uses it. Every failure becomes an ApiError carrying the
// problem document (RFC 9457) when there is one, so callers can show the api's own words.

const UNREACHABLE_TYPE = '/problems/api-unreachable';

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, or 0 when the gateway itself could not be reached
   * @param {object|null} problem the problem+json body, if the answer had one
   */
  constructor(status, problem) {
    super(problem?.detail || describeStatus(status));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
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

function describeStatus(status) {
  if (status === 0) return 'The opad web server cannot be reached. Check your connection.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'The opad API is not reachable right now. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: 'application/json, application/problem+json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response));
  }
  return response;
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

export async function createArticle(order) {
  return (await request('POST', '/api/articles', order)).json();
}

export async function startGeneration(articleId) {
  return (await request('POST', `/api/articles/${enc(articleId)}/generate`)).json();
}

export async function getJob(jobId) {
  return (await request('GET', `/api/jobs/${enc(jobId)}`)).json();
}

export async function getArticle(articleId) {
  return (await request('GET', `/api/articles/${enc(articleId)}`)).json();
}

export async function listArticles(size = 20) {
  return (await request('GET', `/api/articles?size=${enc(size)}`)).json();
}

/** The finished article as an HTML fragment the gateway rendered with all raw markup escaped. */
export async function getArticleHtml(articleId) {
  return (await request('GET', `/api/articles/${enc(articleId)}/html`)).text();
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

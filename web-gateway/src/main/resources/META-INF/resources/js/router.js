// The page the address asks for. Addresses are hashes, so the gateway serves one document and a
// reload or a shared link opens the same page: #/new, #/jobs/<id>, #/articles/<id>, #/library,
// #/schedules, #/schedules/<id>, #/usage, #/ops, #/account; #/login and #/register before signing in.

/** @type {[RegExp, string][]} */
const ROUTES = [
  [/^#\/new$/, 'new'],
  [/^#\/jobs\/([0-9a-fA-F-]{36})$/, 'job'],
  [/^#\/articles\/([0-9a-fA-F-]{36})$/, 'reader'],
  [/^#\/library$/, 'library'],
  [/^#\/schedules$/, 'schedules'],
  [/^#\/schedules\/([0-9a-fA-F-]{36})$/, 'schedule'],
  [/^#\/usage$/, 'usage'],
  [/^#\/ops$/, 'ops'],
  [/^#\/account$/, 'account'],
];

/** {page, param} for a hash; the empty hash (and the sign-in pages, once signed in) lead to a new article. */
export function route(hash = location.hash) {
  if (hash === '' || hash === '#' || hash === '#/' || hash === '#/login' || hash === '#/register') {
    return { page: 'new', param: null };
  }
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(hash);
    if (match) return { page, param: match[1] ?? null };
  }
  return { page: 'missing', param: null };
}

export function go(hash) {
  if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

export const jobPath = (jobId) => `#/jobs/${jobId}`;
export const articlePath = (articleId) => `#/articles/${articleId}`;
export const schedulePath = (scheduleId) => `#/schedules/${scheduleId}`;

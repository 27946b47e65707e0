// The library: the reader's articles, newest first, with status badges, filters (language,
// level, status), paging, and delete after a confirmation. A finished article opens in the
// reader; one being written opens its job; one that failed or never started can be written again.
//
// The list is drawn by render(state) from one LibraryView. A new search (a filter, a page) aborts
// the one still running, so a slow answer to an old search never replaces the newer one.

import { deleteArticle, isAbort, listArticles, startGeneration } from '../api.js';
import { confirmAction } from '../dialog.js';
import { addOptions, byId, fromTemplate } from '../dom.js';
import { ARTICLE_STATUS_LABELS, actionButton, formatDate, label, languageName, statusBadge } from '../labels.js';
import { current } from '../meta.js';
import { articlePath, go, jobPath } from '../router.js';

const PAGE_SIZE = 10;

/**
 * @typedef {object} LibraryView
 * @property {{language: string, level: string, status: string}} filters as chosen ('' for all)
 * @property {number} page from 0
 * @property {{items: any[], total: number}|null} result the page on screen, null before the first answer
 * @property {boolean} loading
 * @property {string|null} error
 */

const list = byId('library-list');
const empty = byId('library-empty');
const errorLine = byId('library-error');
const filters = {
  language: byId('filter-language', HTMLSelectElement),
  level: byId('filter-level', HTMLSelectElement),
  status: byId('filter-status', HTMLSelectElement),
};
const prev = byId('page-prev', HTMLButtonElement);
const next = byId('page-next', HTMLButtonElement);
const info = byId('page-info');

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {LibraryView} */
let state = initialState();
/** The search on its way, aborted by a newer one or by leaving the page. @type {AbortController|null} */
let search = null;
/** The answer the list shows. */
let drawnResult = null;

/** @returns {LibraryView} */
function initialState() {
  return { filters: { language: '', level: '', status: '' }, page: 0, result: null, loading: false, error: null };
}

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
  const { languages, levels, article_statuses: statuses } = current();
  addOptions(filters.language, languages.map((language) => [language.name, language.name]));
  addOptions(filters.level, levels.map((level) => [level, level]));
  addOptions(filters.status, statuses.map((status) => [status, label(ARTICLE_STATUS_LABELS, status)]));
  Object.entries(filters).forEach(([name, select]) => select.addEventListener('change', () =>
    load({ filters: { ...state.filters, [name]: select.value }, page: 0 })));
  byId('library-filters').addEventListener('submit', (event) => event.preventDefault());
  prev.addEventListener('click', () => load({ page: Math.max(0, state.page - 1) }));
  next.addEventListener('click', () => load({ page: state.page + 1 }));
}

export function enter() {
  load({});
}

export function leave() {
  search?.abort();
  search = null;
}

/** Empties the list, so nothing of one reader's stays on the page for the next. */
export function clear() {
  leave();
  state = initialState();
  Object.values(filters).forEach((select) => { select.value = ''; });
  render(state);
}

/** @param {Partial<LibraryView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

/**
 * Shows the page the changes ask for (filters, page number), once it has come.
 *
 * @param {Partial<LibraryView>} changes
 */
async function load(changes) {
  search?.abort();
  const mine = new AbortController();
  search = mine;
  update({ ...changes, loading: true });
  const { filters: chosen, page } = state;
  try {
    const result = await listArticles({ ...chosen, page, size: PAGE_SIZE }, { signal: mine.signal });
    if (result.items.length === 0 && page > 0) {
      // The last article of the last page was deleted: show the page before.
      load({ page: page - 1 });
      return;
    }
    update({ result, loading: false, error: null });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ loading: false, error: `Your articles could not be loaded. ${failure.message}` });
  }
}

/** @param {LibraryView} view */
function render(view) {
  const items = view.result?.items ?? [];
  const total = view.result?.total ?? 0;
  if (view.loading) list.setAttribute('aria-busy', 'true'); else list.removeAttribute('aria-busy');
  errorLine.textContent = view.error ?? '';
  errorLine.hidden = !view.error;
  const filtered = Object.values(view.filters).some(Boolean);
  empty.textContent = filtered ? 'No articles match these filters.' : 'No articles yet. Order one with “New article”.';
  empty.hidden = !view.result || items.length > 0;
  // Redrawn when another answer came, not while a search is merely on its way.
  if (drawnResult !== view.result) {
    drawnResult = view.result;
    list.replaceChildren(...items.map(item));
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  info.textContent = view.result ? `Page ${view.page + 1} of ${pages} · ${total} article${total === 1 ? '' : 's'}` : '';
  prev.disabled = view.page === 0;
  next.disabled = view.page + 1 >= pages;
}

function item(article) {
  const li = fromTemplate('library-item-template');
  li.dataset.articleId = article.id;
  li.dataset.status = article.status;
  const title = /** @type {HTMLAnchorElement} */ (li.querySelector('.article-topic'));
  title.textContent = article.title || article.topic;
  // Only a finished article has a page to read; the others' title is a link without a target.
  if (article.status === 'completed') title.href = articlePath(article.id);
  li.querySelector('.article-sub').textContent = [languageName(article.language), article.level,
    `${article.word_count || article.length} words`, formatDate(article.created_at)].filter(Boolean).join(' · ');

  const actions = li.querySelector('.article-actions');
  const status = statusBadge(article.status);
  status.dataset.testid = 'item-status';
  actions.append(status);
  if (article.latest_job_id && article.status !== 'completed') {
    const job = document.createElement('a');
    job.className = 'button button-quiet button-small';
    job.href = jobPath(article.latest_job_id);
    job.textContent = article.status === 'running' ? 'Progress' : 'Details';
    job.setAttribute('aria-label', `${job.textContent}: ${article.topic}`);
    actions.append(job);
  }
  if (article.status === 'failed' || article.status === 'pending') {
    actions.append(button(article.status === 'failed' ? 'Write again' : 'Write it', 'write-article', async () => {
      const job = await startGeneration(article.id);
      go(jobPath(job.job_id));
    }, article));
  }
  const del = button('Delete', 'delete-article', () => confirmDelete(article), article);
  del.classList.add('button-danger-quiet');
  actions.append(del);
  return li;
}

function button(text, testid, action, article) {
  return actionButton({
    label: text,
    testid,
    ariaLabel: `${text}: ${article.title || article.topic}`,
    perform: () => {
      update({ error: null });
      return action();
    },
    onError: (failure) => {
      if (failure.unreachable) handlers.onUnreachable?.(failure);
      update({ error: failure.message });
    },
  });
}

async function confirmDelete(article) {
  const confirmed = await confirmAction({
    heading: 'Delete this article?',
    message: `“${article.title || article.topic}” and its text will be gone for good.`,
    action: 'Delete',
  });
  if (!confirmed) return;
  await deleteArticle(article.id);
  await load({});
  /** @type {HTMLElement|null} */ (list.querySelector('a[href], button'))?.focus();
}

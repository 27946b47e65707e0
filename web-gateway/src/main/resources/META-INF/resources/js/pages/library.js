// The library: the reader's articles, newest first, with status badges, filters (language,
// level, status), paging, and delete after a confirmation. A finished article opens in the
// reader; one being written opens its job; one that failed or never started can be written again.

import { deleteArticle, listArticles, startGeneration } from '../api.js';
import { confirmAction } from '../dialog.js';
import { actionButton, formatDate, languageName, statusBadge } from '../labels.js';
import { articlePath, go, jobPath } from '../router.js';

const PAGE_SIZE = 10;
const list = document.getElementById('library-list');
const empty = document.getElementById('library-empty');
const error = document.getElementById('library-error');
const filters = {
  language: document.getElementById('filter-language'),
  level: document.getElementById('filter-level'),
  status: document.getElementById('filter-status'),
};
const prev = document.getElementById('page-prev');
const next = document.getElementById('page-next');
const info = document.getElementById('page-info');

let handlers = {};
let page = 0;
let loading = 0;

/** @param {object} callbacks onUnreachable(error) */
export function init(callbacks) {
  handlers = callbacks;
  Object.values(filters).forEach((select) => select.addEventListener('change', () => { page = 0; load(); }));
  document.getElementById('library-filters').addEventListener('submit', (event) => event.preventDefault());
  prev.addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  next.addEventListener('click', () => { page += 1; load(); });
}

export function enter() {
  load();
}

export function leave() {
}

/** Empties the list, so nothing of one reader's stays on the page for the next. */
export function clear() {
  list.replaceChildren();
  page = 0;
}

async function load() {
  const ticket = ++loading;
  list.setAttribute('aria-busy', 'true');
  try {
    const result = await listArticles({
      language: filters.language.value, level: filters.level.value, status: filters.status.value, page, size: PAGE_SIZE,
    });
    if (ticket !== loading) return;
    if (result.items.length === 0 && page > 0) {
      // The last article of the last page was deleted: show the page before.
      page -= 1;
      load();
      return;
    }
    error.hidden = true;
    render(result);
  } catch (failure) {
    if (ticket !== loading) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    error.textContent = `Your articles could not be loaded. ${failure.message}`;
    error.hidden = false;
  } finally {
    if (ticket === loading) list.removeAttribute('aria-busy');
  }
}

function render({ items, total }) {
  const filtered = Object.values(filters).some((select) => select.value);
  empty.textContent = filtered ? 'No articles match these filters.' : 'No articles yet. Order one with “New article”.';
  empty.hidden = items.length > 0;
  list.replaceChildren(...items.map(item));
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  info.textContent = `Page ${page + 1} of ${pages} · ${total} article${total === 1 ? '' : 's'}`;
  prev.disabled = page === 0;
  next.disabled = page + 1 >= pages;
}

function item(article) {
  const li = document.createElement('li');
  li.className = 'article-row';
  li.dataset.articleId = article.id;
  li.dataset.status = article.status;
  li.dataset.testid = 'library-item';

  const main = document.createElement('div');
  main.className = 'article-item-main';
  const heading = document.createElement(article.status === 'completed' ? 'a' : 'span');
  heading.className = 'article-topic';
  heading.dataset.testid = 'item-title';
  heading.textContent = article.title || article.topic;
  if (article.status === 'completed') heading.href = articlePath(article.id);
  const sub = document.createElement('span');
  sub.className = 'article-sub';
  sub.textContent = [languageName(article.language), article.level, `${article.word_count || article.length} words`,
    formatDate(article.created_at)].filter(Boolean).join(' · ');
  main.append(heading, sub);

  const actions = document.createElement('div');
  actions.className = 'article-actions';
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
  li.append(main, actions);
  return li;
}

function button(label, testid, action, article) {
  return actionButton({
    label,
    testid,
    ariaLabel: `${label}: ${article.title || article.topic}`,
    perform: () => {
      error.hidden = true;
      return action();
    },
    onError: (failure) => {
      if (failure.unreachable) handlers.onUnreachable?.(failure);
      error.textContent = failure.message;
      error.hidden = false;
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
  await load();
  list.querySelector('a, button')?.focus();
}

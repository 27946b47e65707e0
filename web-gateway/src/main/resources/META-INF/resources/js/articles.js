// The list of past articles, newest first. Finished ones open in the reader; ones that failed or
// never started can be sent back to the writers.

import { listArticles } from './api.js';
import { formatDate, languageName, statusBadge } from './labels.js';

const list = document.getElementById('articles');
const empty = document.getElementById('articles-empty');
const refreshButton = document.getElementById('refresh-articles');
const listError = document.getElementById('articles-error');

const RETRYABLE = new Set(['failed', 'pending']);

let handlers = {};

/**
 * @param {object} callbacks onOpen(articleId), onRetry(article) (may reject with an ApiError), onUnreachable(error)
 */
export function initArticles(callbacks) {
  handlers = callbacks;
  refreshButton.addEventListener('click', refreshArticles);
}

export async function refreshArticles() {
  list.setAttribute('aria-busy', 'true');
  try {
    const page = await listArticles(20);
    render(page.items || []);
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    if (!list.children.length) {
      empty.textContent = `Your articles could not be loaded. ${error.message}`;
      empty.hidden = false;
    }
  } finally {
    list.removeAttribute('aria-busy');
  }
}

/** Empties the list, so nothing of one reader's stays on the page for the next. */
export function clearArticles() {
  list.replaceChildren();
  empty.hidden = true;
  listError.hidden = true;
}

function render(articles) {
  empty.textContent = 'No articles yet. Order one above.';
  empty.hidden = articles.length > 0;
  list.replaceChildren(...articles.map(item));
}

function item(article) {
  const li = document.createElement('li');
  li.dataset.articleId = article.id;
  li.dataset.status = article.status;
  li.dataset.testid = 'article-item';

  const completed = article.status === 'completed';
  const row = document.createElement(completed ? 'button' : 'div');
  row.className = 'article-item';
  if (completed) {
    row.type = 'button';
    row.addEventListener('click', () => handlers.onOpen?.(article.id));
  }

  const main = document.createElement('span');
  main.className = 'article-item-main';
  const topic = document.createElement('span');
  topic.className = 'article-topic';
  topic.textContent = article.title || article.topic;
  const sub = document.createElement('span');
  sub.className = 'article-sub';
  sub.textContent = [languageName(article.language), article.level, `${article.length} words`, formatDate(article.created_at)]
    .filter(Boolean).join(' · ');
  main.append(topic, sub);

  const actions = document.createElement('span');
  actions.className = 'article-actions';
  actions.append(statusBadge(article.status));
  row.append(main, actions);
  li.append(row);

  if (RETRYABLE.has(article.status)) {
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'button button-quiet button-small';
    retry.textContent = article.status === 'failed' ? 'Try again' : 'Write it';
    retry.setAttribute('aria-label', `${retry.textContent}: ${article.topic}`);
    retry.addEventListener('click', async () => {
      retry.disabled = true;
      listError.hidden = true;
      try {
        await handlers.onRetry?.(article);
      } catch (error) {
        if (error.unreachable) handlers.onUnreachable?.(error);
        listError.textContent = error.message;
        listError.hidden = false;
      } finally {
        retry.disabled = false;
      }
    });
    actions.append(retry);
  }
  return li;
}


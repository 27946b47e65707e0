// The reading area. The article body is the gateway's server-rendered fragment, in which every
// bit of raw markup from the model has already been escaped; it is the only HTML this page
// inserts as HTML. Everything else goes in as text.

import { getArticle, getArticleHtml } from './api.js';
import { badge, languageName } from './labels.js';

const reader = document.getElementById('reader');
const title = document.getElementById('reader-title');
const meta = document.getElementById('reader-meta');
const content = document.getElementById('reader-content');

let openingId = null;

/** Shows the article; returns false (and says why in the reader) if it could not be loaded. */
export async function openArticle(articleId, { onUnreachable } = {}) {
  openingId = articleId;
  reader.setAttribute('aria-busy', 'true');
  try {
    const [article, html] = await Promise.all([getArticle(articleId), getArticleHtml(articleId)]);
    if (openingId !== articleId) return false;
    show(article, html);
    return true;
  } catch (error) {
    if (openingId !== articleId) return false;
    if (error.unreachable) onUnreachable?.(error);
    showMessage('Could not open the article', error.status === 404
      ? 'Its text is not there (yet). If it is still being written, wait for it to finish.'
      : error.message);
    return false;
  } finally {
    if (openingId === articleId) reader.removeAttribute('aria-busy');
  }
}

/** Back to the empty reader. */
export function closeReader() {
  openingId = null;
  reader.removeAttribute('aria-busy');
  showMessage('Nothing open yet', 'Order an article, or open a finished one from your list. It appears here.');
}

function show(article, html) {
  title.textContent = article.title || article.topic || 'Untitled';
  meta.replaceChildren(
    badge(languageName(article.language), 'language'),
    badge(article.level, 'level'),
    ...(article.word_count ? [badge(`${article.word_count} words`)] : []));
  content.innerHTML = html;
  dropRepeatedTitle(title.textContent);
  reader.dataset.articleId = article.id;
  reader.focus({ preventScroll: true });
  if (reader.getBoundingClientRect().top < 0 || reader.getBoundingClientRect().top > window.innerHeight) {
    reader.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }
}

/** Articles usually open with their title as a heading; the reader already shows it above. */
function dropRepeatedTitle(text) {
  const first = content.firstElementChild;
  if (first && /^H[12]$/.test(first.tagName) && first.textContent.trim() === text.trim()) {
    first.remove();
  }
}

function showMessage(heading, text) {
  title.textContent = heading;
  meta.replaceChildren();
  const paragraph = document.createElement('p');
  paragraph.className = 'muted';
  paragraph.textContent = text;
  content.replaceChildren(paragraph);
  delete reader.dataset.articleId;
}

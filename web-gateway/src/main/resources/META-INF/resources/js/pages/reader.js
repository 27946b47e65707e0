// The reader: title, source line, the article and its glossary beside it. The article body is the
// gateway's server-rendered fragment, in which every bit of raw markup from the model has already
// been escaped (and the CSP forbids inline script besides); it is the only HTML this page inserts
// as HTML. Glossary words are then marked in the text as buttons; choosing one shows its entry.
// Opening another article (or leaving) aborts the requests for the one before. The page is drawn
// by render(state) from one ReaderView; the text itself is drawn once per article it shows.

import { getArticle, getArticleHtml, isAbort } from '../api.js';
import { fromTemplate } from '../dom.js';
import { badge, languageName } from '../labels.js';

const reader = document.getElementById('reader');
const title = document.getElementById('reader-title');
const meta = document.getElementById('reader-meta');
const sourceLine = document.getElementById('reader-source');
const content = document.getElementById('reader-content');
const glossaryPanel = document.getElementById('glossary');
const entryPanel = document.getElementById('glossary-entry');
const glossaryList = document.getElementById('glossary-list');

/** Letters or digits in any script: a glossary word must not be found inside a longer word. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * @typedef {object} ReaderView
 * @property {'opening'|'open'|'failed'} phase
 * @property {any} article the article's record, once open
 * @property {string} html its text as the gateway rendered it, once open
 * @property {string} message why it could not be opened
 * @property {number|null} selected the glossary entry shown
 */

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {ReaderView} */
let state = { phase: 'opening', article: null, html: '', message: '', selected: null };
/** The glossary entries of the article on screen, in the order the text's buttons number them. */
let entries = [];
/** The view whose text and glossary are drawn; they are redrawn only for another one. */
let drawnText = null;
/** The opening on its way, aborted by the next one or by leaving. @type {AbortController|null} */
let opening = null;

/** @param {object} callbacks onUnreachable(error) */
export function init(callbacks) {
  handlers = callbacks;
  content.addEventListener('click', (event) => {
    const term = event.target instanceof Element ? event.target.closest('button.term') : null;
    if (term instanceof HTMLElement) showEntry(Number(term.dataset.entry));
  });
}

/** @param {string} articleId */
export async function enter(articleId) {
  leave();
  const mine = new AbortController();
  opening = mine;
  update({ phase: 'opening', article: null, html: '', message: '', selected: null });
  try {
    const [article, html] = await Promise.all([
      getArticle(articleId, { signal: mine.signal }), getArticleHtml(articleId, { signal: mine.signal })]);
    update({ phase: 'open', article, html });
    document.title = `${title.textContent} · opad`;
  } catch (error) {
    if (isAbort(error)) return;
    if (error.unreachable) handlers.onUnreachable?.(error);
    update({
      phase: 'failed',
      message: error.status === 404
        ? 'Its text is not there (yet). If it is still being written, wait for it to finish; the library shows where it is.'
        : error.message,
    });
  }
}

export function leave() {
  opening?.abort();
  opening = null;
}

/** @param {Partial<ReaderView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

/** @param {ReaderView} view */
function render(view) {
  const { phase, article } = view;
  if (phase === 'opening') reader.setAttribute('aria-busy', 'true'); else reader.removeAttribute('aria-busy');
  title.textContent = { opening: 'Opening…', failed: 'Could not open the article' }[phase]
    ?? (article.title || article.topic || 'Untitled');
  if (drawnText !== view.article || phase !== 'open') drawText(view);
  renderEntry(view.selected);
}

/** The badges, the text with its glossary words marked, and the glossary; or the reason there are none. */
function drawText(view) {
  const { article } = view;
  drawnText = view.phase === 'open' ? article : null;
  if (view.phase !== 'open') {
    meta.replaceChildren();
    sourceLine.hidden = true;
    const paragraph = document.createElement('p');
    paragraph.className = 'muted';
    paragraph.textContent = view.message;
    content.replaceChildren(paragraph);
    entries = [];
    glossaryPanel.hidden = true;
    delete reader.dataset.articleId;
    return;
  }
  meta.replaceChildren(
    badge(languageName(article.language), 'language'),
    badge(article.level, 'level'),
    ...(article.word_count ? [badge(`${article.word_count} words`)] : []),
    ...(article.gate_report?.passed ? [badge('quality checked', 'ok')] : []));
  content.innerHTML = view.html;
  dropRepeatedTitle(title.textContent);
  liftSourceLine();
  entries = Array.isArray(article.glossary) ? article.glossary.filter((entry) => entry?.word) : [];
  entries.forEach((entry, index) => markTerm(entry.word, index));
  renderGlossary();
  reader.dataset.articleId = article.id;
}

/** Articles usually open with their title as a heading; the reader already shows it above. */
function dropRepeatedTitle(text) {
  const first = content.firstElementChild;
  if (first && /^H[12]$/.test(first.tagName) && first.textContent.trim() === text.trim()) first.remove();
}

/** The writers put the source line first, under the title; the reader shows it as such. */
function liftSourceLine() {
  const candidates = [...content.children].slice(0, 3);
  const line = candidates.find((element) => element.tagName === 'P' && /^\s*Sources?\b/i.test(element.textContent));
  sourceLine.hidden = !line;
  sourceLine.textContent = line ? line.textContent.trim() : '';
  line?.remove();
}

/** Turns the first occurrence of the word in the text into a button for its entry. */
function markTerm(word, index) {
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest('a, code, button, pre, h1, h2, h3') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const wanted = word.toLocaleLowerCase();
  let fallback = null;
  for (let node = /** @type {Text|null} */ (walker.nextNode()); node; node = /** @type {Text|null} */ (walker.nextNode())) {
    const text = node.data.toLocaleLowerCase();
    for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
      if (isWholeWord(node.data, at, wanted.length)) {
        wrap(node, at, wanted.length, index);
        return;
      }
      fallback ??= { node, at };
    }
  }
  // Languages without spaces or with particles glued on (Korean, Japanese) rarely have a whole-word match.
  if (fallback) wrap(fallback.node, fallback.at, wanted.length, index);
}

function isWholeWord(text, at, length) {
  return !WORD_CHAR.test(text.charAt(at - 1) || ' ') && !WORD_CHAR.test(text.charAt(at + length) || ' ');
}

function wrap(node, at, length, index) {
  const term = node.splitText(at);
  term.splitText(length);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'term';
  button.dataset.entry = String(index);
  button.dataset.testid = 'term';
  button.setAttribute('aria-controls', 'glossary-entry');
  button.textContent = term.data;
  term.replaceWith(button);
}

function renderGlossary() {
  glossaryPanel.hidden = entries.length === 0;
  glossaryList.replaceChildren(...entries.map((entry, index) => {
    const li = fromTemplate('glossary-word-template');
    const button = li.querySelector('button');
    button.textContent = entry.word;
    button.addEventListener('click', () => showEntry(index, { fromList: true }));
    return li;
  }));
}

/** Shows an entry, and brings it (or, from the list, its word in the text) into view. */
function showEntry(index, { fromList = false } = {}) {
  if (!entries[index]) return;
  update({ selected: index });
  if (fromList) {
    content.querySelector(`button.term[data-entry="${index}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  } else if (entryPanel.getBoundingClientRect().top > window.innerHeight) {
    // On a phone the glossary sits below the article: bring the entry into view.
    entryPanel.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }
}

/** The entry panel is a live region: rewritten only when another entry is chosen. */
let drawnEntry;
function renderEntry(index) {
  const entry = index === null ? null : entries[index];
  if (drawnEntry === entry) return;
  drawnEntry = entry;
  entryPanel.hidden = !entry;
  /** @type {NodeListOf<HTMLButtonElement>} */ (content.querySelectorAll('button.term')).forEach((term) =>
    term.classList.toggle('is-selected', term.dataset.entry === String(index)));
  if (!entry) {
    entryPanel.replaceChildren();
    delete entryPanel.dataset.word;
    return;
  }
  const panel = fromTemplate('glossary-entry-template');
  panel.querySelector('h3').textContent = entry.word;
  panel.querySelector('.muted').textContent = [entry.part_of_speech,
    entry.lemma && entry.lemma !== entry.word ? `from “${entry.lemma}”` : ''].filter(Boolean).join(' · ');
  panel.querySelector('.definition').textContent = entry.definition || '';
  const example = panel.querySelector('blockquote');
  if (entry.example) example.textContent = entry.example; else example.remove();
  entryPanel.replaceChildren(...panel.children);
  entryPanel.dataset.word = entry.word;
}

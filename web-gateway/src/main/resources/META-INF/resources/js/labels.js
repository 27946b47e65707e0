// Display names for what the api sends as codes.

const LANGUAGES = {
  en: 'English', de: 'German', es: 'Spanish', fr: 'French', it: 'Italian',
  pt: 'Portuguese', nl: 'Dutch', ko: 'Korean', ja: 'Japanese', zh: 'Chinese',
};

/** "de" or "German" (or "GERMAN") → "German"; anything unknown is shown as sent. */
export function languageName(value) {
  if (!value) return '';
  const lower = String(value).toLowerCase();
  if (LANGUAGES[lower]) return LANGUAGES[lower];
  const byName = Object.values(LANGUAGES).find((name) => name.toLowerCase() === lower);
  return byName || String(value);
}

export function badge(text, modifier) {
  const element = document.createElement('span');
  element.className = modifier ? `badge badge-${modifier}` : 'badge';
  element.textContent = text;
  return element;
}

export function statusBadge(status) {
  return badge(status, `status-${String(status).replace(/[^a-z]/g, '')}`);
}

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A time of day with seconds, for moments minutes away such as the next retry. */
export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { timeStyle: 'medium' });
}

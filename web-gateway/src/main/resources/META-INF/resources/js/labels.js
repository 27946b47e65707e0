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

const numbers = new Intl.NumberFormat();

export function formatNumber(value) {
  return value === null || value === undefined ? '–' : numbers.format(value);
}

/** US dollars with enough digits for the fractions of a cent one call costs; "unknown" when unpriced. */
export function formatCost(usd, complete = true) {
  if (usd === null || usd === undefined) return 'unknown';
  const value = Number(usd);
  const text = value === 0 ? '$0' : `$${value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
  return complete ? text : `${text}+`;
}

/** "3 min 05 s", "42 s" */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** "12 s ago", "3 min ago" */
export function formatAge(iso, now = Date.now()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${formatDuration(now - date.getTime())} ago`;
}

/** A <dt>/<dd> pair per entry, skipping empty values. */
export function facts(list, entries) {
  list.replaceChildren(...entries.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
      return [dt, dd];
    }));
}

/** A table row of cells; a cell is text, a Node, or {value, num: true} for a right-aligned number. */
export function row(cells) {
  const tr = document.createElement('tr');
  tr.append(...cells.map((cell) => {
    const td = document.createElement('td');
    const value = cell && typeof cell === 'object' && !(cell instanceof Node) ? cell.value : cell;
    if (cell && cell.num) td.className = 'num';
    if (value instanceof Node) td.append(value); else td.textContent = value ?? '';
    return td;
  }));
  return tr;
}

export function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

export function shortId(id) {
  return String(id || '').slice(0, 8);
}

/**
 * A small button that runs an api call: disabled while the call runs; a failure goes to
 * {@code onError}, which shows it in the page's own error line.
 */
export function actionButton({ label, testid, ariaLabel, perform, onError }) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button-quiet button-small';
  button.textContent = label;
  button.dataset.testid = testid;
  button.setAttribute('aria-label', ariaLabel);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await perform();
    } catch (failure) {
      onError(failure);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** Rows of tokens and cost per stage (usage.by_stage), a total row when totals are given, or one row saying there are none. */
export function usageRows(byStage, totals, emptyText) {
  const figures = (label, t) => row([label, { value: formatNumber(t.calls), num: true },
    { value: formatNumber(t.total_tokens), num: true }, { value: formatCost(t.cost_usd, t.cost_complete), num: true }]);
  const rows = (byStage || []).map((stage) => figures(stage.stage, stage.totals));
  if (rows.length === 0) return [row([emptyText, '', '', ''])];
  if (totals) {
    const total = figures('Total', totals);
    total.className = 'total';
    rows.push(total);
  }
  return rows;
}

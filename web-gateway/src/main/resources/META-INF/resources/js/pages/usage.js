// Usage: tokens and cost per day as a bar chart, per stage as a table, and what is left of
// today's token budget. The chart is SVG built with DOM calls, no library and no inline script.
// The page is drawn by render(state); choosing another period aborts the request for the last one.

import { getUsage, isAbort } from '../api.js';
import { byId } from '../dom.js';
import { formatCost, formatDate, formatNumber, usageRows } from '../labels.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 200;
const AXIS = 2;

const days = byId('usage-days', HTMLSelectElement);
const error = document.getElementById('usage-error');
const today = document.getElementById('usage-today');
const remaining = document.getElementById('budget-remaining');
const total = document.getElementById('usage-total');
const cost = document.getElementById('usage-cost');
const meter = byId('budget-meter', HTMLMeterElement);
const caption = document.getElementById('budget-caption');
const chart = document.getElementById('usage-chart');
const chartCaption = document.getElementById('usage-chart-caption');
const stages = document.querySelector('#usage-stages tbody');

/**
 * @typedef {object} UsageView
 * @property {any} usage the api's answer for the period, null before the first
 * @property {string|null} error
 */

/** @type {{onUnreachable?: (error: any) => void}} */
let handlers = {};
/** @type {UsageView} */
let state = { usage: null, error: null };
/** @type {AbortController|null} */
let request = null;

/** @param {{onUnreachable?: (error: any) => void}} callbacks */
export function init(callbacks) {
  handlers = callbacks;
  days.addEventListener('change', load);
}

export function enter() {
  load();
}

export function leave() {
  request?.abort();
  request = null;
}

/** @param {Partial<UsageView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

async function load() {
  request?.abort();
  const mine = new AbortController();
  request = mine;
  try {
    update({ usage: await getUsage(Number(days.value), { signal: mine.signal }), error: null });
  } catch (failure) {
    if (isAbort(failure)) return;
    if (failure.unreachable) handlers.onUnreachable?.(failure);
    update({ error: `Usage could not be loaded. ${failure.message}` });
  }
}

/** The figures stay as they were when a reload fails; the error line says why they are not newer. */
let drawn = null;

/** @param {UsageView} view */
function render(view) {
  error.textContent = view.error ?? '';
  error.hidden = !view.error;
  if (!view.usage || drawn === view.usage) return;
  drawn = view.usage;
  const usage = view.usage;
  today.textContent = `${formatNumber(usage.used_today)} tokens`;
  const budget = usage.daily_token_budget;
  const limited = budget > 0 && usage.remaining_today !== null;
  remaining.textContent = limited ? `${formatNumber(usage.remaining_today)} tokens` : 'no limit';
  meter.hidden = !limited;
  meter.value = limited ? Math.min(1, usage.used_today / budget) : 0;
  caption.textContent = limited
    ? `${percentOf(usage.used_today, budget)} of today's ${formatNumber(budget)} tokens used; the budget resets at ${formatDate(usage.resets_at)}.`
    : 'There is no daily token budget.';
  total.textContent = formatNumber(usage.totals.total_tokens);
  cost.textContent = formatCost(usage.totals.cost_usd, usage.totals.cost_complete);
  drawChart(fillDays(usage.by_day, usage.days));
  stages.replaceChildren(...usageRows(usage.by_stage, null, 'No model calls in this period'));
}

/** "37 %", or "0.2 %" for a sliver, so a little use never reads as none. */
function percentOf(used, budget) {
  const share = (used / budget) * 100;
  return `${share > 0 && share < 1 ? share.toFixed(1) : Math.round(share)} %`;
}

/** One entry per day of the period, oldest first, zero where nothing was used. */
function fillDays(byDay, count) {
  const used = new Map(byDay.map((day) => [day.date, day.totals]));
  const result = [];
  const now = new Date();
  for (let i = count - 1; i >= 0; i--) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i)).toISOString().slice(0, 10);
    result.push({ date, tokens: used.get(date)?.total_tokens ?? 0, cost: used.get(date)?.cost_usd ?? 0 });
  }
  return result;
}

function drawChart(series) {
  const max = Math.max(1, ...series.map((day) => day.tokens));
  const slot = WIDTH / series.length;
  const bars = series.map((day, i) => {
    const height = ((HEIGHT - AXIS) * day.tokens) / max;
    const bar = element('rect', {
      x: i * slot + slot * 0.15, y: HEIGHT - AXIS - height, width: slot * 0.7, height: Math.max(height, day.tokens ? 1 : 0),
      class: 'bar',
    });
    const title = element('title');
    title.textContent = `${day.date}: ${formatNumber(day.tokens)} tokens, ${formatCost(day.cost)}`;
    bar.append(title);
    return bar;
  });
  const axis = element('line', { x1: 0, x2: WIDTH, y1: HEIGHT - AXIS + 0.5, y2: HEIGHT - AXIS + 0.5, class: 'axis' });
  chart.replaceChildren(axis, ...bars);
  document.getElementById('usage-chart-from').textContent = series[0].date;
  document.getElementById('usage-chart-to').textContent = series[series.length - 1].date;
  const busiest = series.reduce((a, b) => (b.tokens > a.tokens ? b : a));
  chartCaption.textContent = busiest.tokens
    ? `Busiest day: ${busiest.date} with ${formatNumber(busiest.tokens)} tokens. Hover a bar for its figures.`
    : 'No tokens used in this period.';
  chart.setAttribute('data-days', String(series.length));
}

function element(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, String(value)));
  return node;
}

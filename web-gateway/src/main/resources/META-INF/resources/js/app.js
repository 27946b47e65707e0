// Wires the page together: the api's codes are loaded first (meta.js); then the session decides
// between the sign-in views and the app; in the app, the address decides the page (router.js); the
// banner tells when the api cannot be reached.

import { getMeta, onUnauthorized } from './api.js';
import { checkApi, hideApiDown, onApiRecovered, showApiDown } from './banner.js';
import { loadMeta } from './meta.js';
import { route } from './router.js';
import { currentUser, initSession, isSignedIn, loadSession, sessionLost } from './session.js';
import * as account from './pages/account.js';
import * as job from './pages/job.js';
import * as library from './pages/library.js';
import * as newArticle from './pages/new.js';
import * as ops from './pages/ops.js';
import * as reader from './pages/reader.js';
import * as schedule from './pages/schedule.js';
import * as schedules from './pages/schedules.js';
import * as usage from './pages/usage.js';
import * as webhooks from './pages/webhooks.js';

/** A page drawn by more than one module (the Account page: the account, and its webhooks), which go in and out together. */
function together(...modules) {
  return {
    init: (callbacks) => modules.forEach((module) => module.init(callbacks)),
    enter: (param, user) => modules.forEach((module) => module.enter(param, user)),
    leave: () => modules.forEach((module) => module.leave()),
  };
}

const PAGES = {
  new: { module: newArticle, title: 'New article' },
  job: { module: job, title: 'Job' },
  reader: { module: reader, title: 'Reading' },
  library: { module: library, title: 'Library' },
  schedules: { module: schedules, title: 'Schedules' },
  schedule: { module: schedule, title: 'Schedule', nav: 'schedules' },
  usage: { module: usage, title: 'Usage' },
  ops: { module: ops, title: 'Operations', admin: true },
  account: { module: together(account, webhooks), title: 'Account' },
  missing: { module: null, title: 'Not found' },
};

const handlers = {
  onUnreachable: (error) => showApiDown(error?.message),
  onReachable: hideApiDown,
};

let current = null;
let started = false;

/** Shows the page the address names; the previous page stops its timers first. */
function show() {
  if (!isSignedIn()) return;
  const { param, page: asked } = route();
  let page = asked;
  if (PAGES[page].admin && !(currentUser().roles || []).includes('admin')) page = 'missing';
  current?.module?.leave();
  current = PAGES[page];
  /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('section[data-page]')).forEach((section) => { section.hidden = section.dataset.page !== page; });
  /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('a[data-nav]')).forEach((link) => {
    if (link.dataset.nav === (current.nav ?? page)) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  });
  document.title = `${current.title} · opad`;
  current.module?.enter(param, currentUser());
  focusHeading(page);
}

/** After a navigation, keyboard and screen-reader users land on the new page's heading. */
let firstShow = true;
function focusHeading(page) {
  if (firstShow) {
    firstShow = false;
    return;
  }
  const heading = /** @type {HTMLElement|null} */ (document.querySelector(`section[data-page="${page}"] h1`));
  if (!heading || heading.contains(document.activeElement)) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: false });
}

function hideApp() {
  current?.module?.leave();
  current = null;
  library.clear();
  schedules.clear();
}

/** Once the api's codes are in: the pages build what depends on them, then the session is asked for. */
async function start() {
  try {
    await loadMeta(getMeta);
  } catch (error) {
    // Nothing works without the api; once it answers again, onApiRecovered starts over.
    showApiDown(error?.message);
    return;
  }
  started = true;
  Object.values(PAGES).forEach(({ module }) => module?.init(handlers));
  window.addEventListener('hashchange', show);
  initSession({
    onSignedIn: show,
    // A session that merely expired returns to the same address after the next login.
    onSignedOut: hideApp,
    onUnreachable: handlers.onUnreachable,
  });
  onUnauthorized(sessionLost);
  loadSession();
}

onApiRecovered(() => {
  if (!started) start();
  else if (isSignedIn()) show();
  else loadSession();
});

checkApi();
start();

// Who is signed in. Everyone else sees the log-in view (#/login) or the sign-up view (#/register);
// a signed-in reader sees the app, its navigation (Operations only for admins) and "Log out".
// What shows is drawn by render(state) from one SessionView.

import { getSession, login, logout, register } from './api.js';
import { byId } from './dom.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from './fields.js';

/**
 * @typedef {'login'|'register'} AuthName
 *
 * @typedef {object} SessionView
 * @property {any} user the signed-in reader ({id, email, name, roles}), or null
 * @property {AuthName|null} shown the sign-in view on screen; null while signed in or not yet known
 * @property {string|null} notice what the shown view says above its form
 * @property {AuthName|'logout'|null} busy whose request is running
 * @property {{login: string|null, register: string|null, logout: string|null}} errors each form's error line
 */

const appView = byId('app-view');
const authView = byId('auth-view');
const userMenu = byId('user-menu');
const userName = byId('user-name');
const userEmail = byId('user-email');
const logoutButton = byId('logout', HTMLButtonElement);
const logoutError = byId('logout-error');
const nav = byId('site-nav');
const opsLink = byId('nav-ops-link');

const views = {
  login: authForm('login', ['email', 'password'], 'Log in'),
  register: authForm('register', ['name', 'email', 'password'], 'Create an account'),
};

/** @type {SessionView} */
let state = { user: null, shown: null, notice: null, busy: null, errors: { login: null, register: null, logout: null } };
/** @type {{onSignedIn?: (user: any) => void, onSignedOut?: (reason: {loggedOut: boolean}) => void, onUnreachable?: (error: any) => void}} */
let handlers = {};

function authForm(prefix, fields, title) {
  return {
    title,
    panel: byId(`${prefix}-panel`),
    form: byId(`${prefix}-form`, HTMLFormElement),
    submit: byId(`${prefix}-submit`, HTMLButtonElement),
    error: byId(`${prefix}-error`),
    notice: byId(`${prefix}-notice`),
    /** @type {Object<string, HTMLInputElement>} */
    inputs: Object.fromEntries(fields.map((name) => [name, byId(`${prefix}-${name}`, HTMLInputElement)])),
  };
}

/**
 * @param {object} callbacks
 * @param {(user: object) => void} callbacks.onSignedIn the app is shown for this reader
 * @param {(reason: {loggedOut: boolean}) => void} callbacks.onSignedOut the app is hidden; loggedOut when the reader asked
 * @param {(error: Error) => void} callbacks.onUnreachable the api could not be reached
 */
export function initSession(callbacks) {
  handlers = callbacks;
  views.login.form.addEventListener('submit', (event) => submit(event, 'login', signIn));
  views.register.form.addEventListener('submit', (event) => submit(event, 'register', signUp));
  Object.values(views).forEach((view) => clearOnInput(view.inputs));
  logoutButton.addEventListener('click', signOut);
  window.addEventListener('hashchange', () => {
    if (!state.user) showAuth();
  });
}

export function isSignedIn() {
  return state.user !== null;
}

/** The signed-in reader ({id, email, name, roles}), or null. */
export function currentUser() {
  return state.user;
}

/** Asks the gateway who is signed in and shows the app or the log-in view to match. */
export async function loadSession() {
  try {
    const signedIn = await getSession();
    if (signedIn) {
      enter(signedIn);
      return;
    }
    update({ user: null });
    showAuth();
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    update({ user: null });
    showAuth();
  }
}

/** The session ended under the page (it expired, or was revoked): back to the log-in view, with a note. */
export function sessionLost() {
  if (!state.user) return;
  leave({ loggedOut: false });
  showAuth('login', 'Your session has ended. Log in again to continue.');
}

/** @param {Partial<SessionView>} changes */
function update(changes) {
  state = { ...state, ...changes };
  render(state);
}

/** @param {AuthName|'logout'} form @param {string|null} text */
function setError(form, text) {
  update({ errors: { ...state.errors, [form]: text } });
}

/** @param {SessionView} view */
function render(view) {
  const { user } = view;
  userName.textContent = user ? (user.name || user.email) : '';
  userEmail.textContent = user?.name ? user.email : '';
  userMenu.hidden = !user;
  nav.hidden = !user;
  opsLink.hidden = !(user?.roles || []).includes('admin');
  appView.hidden = !user;
  authView.hidden = Boolean(user) || view.shown === null;
  for (const [name, form] of Object.entries(views)) {
    const shown = !user && view.shown === name;
    form.panel.hidden = !shown;
    form.notice.textContent = shown && view.notice ? view.notice : '';
    form.notice.hidden = !(shown && view.notice);
    form.submit.disabled = view.busy === name;
    form.error.textContent = view.errors[name] ?? '';
    form.error.hidden = !view.errors[name];
  }
  logoutButton.disabled = view.busy === 'logout';
  logoutError.textContent = view.errors.logout ?? '';
  logoutError.hidden = !view.errors.logout;
}

async function signIn(name) {
  enter(await login(values(name)));
}

async function signUp(name) {
  // The api answers the same whether or not the email had an account; only a session tells.
  await register(values(name));
  const signedIn = await getSession().catch((error) => {
    if (error.status !== 401) throw error;
    return null;
  });
  if (signedIn) {
    enter(signedIn);
  } else {
    // The login right after it did not go through: the email had an account already (with another
    // password), or there were too many attempts. Either way, logging in is the next step.
    showAuth('login', 'If this email had no account, it has one now. Log in to continue.');
  }
}

/**
 * @param {Event} event
 * @param {AuthName} name
 * @param {(name: AuthName) => Promise<void>} action
 */
async function submit(event, name, action) {
  event.preventDefault();
  const view = views[name];
  Object.values(view.inputs).forEach(clearFieldError);
  update({ busy: name, errors: { ...state.errors, [name]: null } });
  try {
    await action(name);
    view.form.reset();
    update({ busy: null });
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    const unplaced = placeFieldErrors(error, view.inputs);
    update({ busy: null, errors: { ...state.errors, [name]: [error.message, ...unplaced].join(' ') } });
  }
}

async function signOut() {
  update({ busy: 'logout', errors: { ...state.errors, logout: null } });
  try {
    await logout();
    update({ busy: null });
    leave({ loggedOut: true });
    showAuth('login', 'You are logged out.');
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    update({ busy: null });
    setError('logout', `Could not log out: ${error.message}`);
  }
}

function enter(signedIn) {
  update({ user: signedIn, shown: null, notice: null });
  if (/^#\/(login|register)$/.test(location.hash)) {
    history.replaceState(null, '', `${location.pathname}${location.search}#/new`);
  }
  handlers.onSignedIn?.(signedIn);
}

function leave(reason) {
  update({ user: null, errors: { ...state.errors, logout: null } });
  handlers.onSignedOut?.(reason);
}

/**
 * Shows the log-in or sign-up view: the one named, else the one the address asks for.
 *
 * @param {AuthName} [name]
 * @param {string} [notice]
 */
function showAuth(name, notice) {
  const wanted = name || (location.hash === '#/register' ? 'register' : 'login');
  if (name && location.hash !== `#/${name}`) {
    history.replaceState(null, '', `#/${name}`);
  }
  const alreadyShown = !state.user && state.shown === wanted;
  update({ shown: wanted, notice: notice || null });
  const view = views[wanted];
  document.title = `${view.title} · opad`;
  // Not while the reader may be typing in this very form.
  if (!alreadyShown) Object.values(view.inputs)[0].focus();
}

/** @param {AuthName} name */
function values(name) {
  return Object.fromEntries(Object.entries(views[name].inputs).map(([field, input]) =>
    [field, field === 'password' ? input.value : input.value.trim()]));
}

// Who is signed in. Everyone else sees the log-in view (#/login) or the sign-up view (#/register);
// a signed-in reader sees the app, its navigation (Operations only for admins) and "Log out".

import { getSession, login, logout, register } from './api.js';
import { byId } from './dom.js';
import { clearFieldError, clearOnInput, placeFieldErrors } from './fields.js';

const appView = document.getElementById('app-view');
const authView = document.getElementById('auth-view');
const userMenu = document.getElementById('user-menu');
const userName = document.getElementById('user-name');
const userEmail = document.getElementById('user-email');
const logoutButton = byId('logout', HTMLButtonElement);
const logoutError = document.getElementById('logout-error');
const nav = document.getElementById('site-nav');
const opsLink = byId('nav-ops-link');

const views = {
  login: authForm('login', ['email', 'password'], 'Log in'),
  register: authForm('register', ['name', 'email', 'password'], 'Create an account'),
};

let user = null;
let handlers = {};

function authForm(prefix, fields, title) {
  return {
    title,
    panel: document.getElementById(`${prefix}-panel`),
    form: byId(`${prefix}-form`, HTMLFormElement),
    submit: byId(`${prefix}-submit`, HTMLButtonElement),
    error: document.getElementById(`${prefix}-error`),
    notice: document.getElementById(`${prefix}-notice`),
    inputs: Object.fromEntries(fields.map((name) => [name, document.getElementById(`${prefix}-${name}`)])),
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
  views.login.form.addEventListener('submit', (event) => submit(event, views.login, signIn));
  views.register.form.addEventListener('submit', (event) => submit(event, views.register, signUp));
  Object.values(views).forEach((view) => clearOnInput(view.inputs));
  logoutButton.addEventListener('click', signOut);
  window.addEventListener('hashchange', () => {
    if (!user) showAuth();
  });
}

export function isSignedIn() {
  return user !== null;
}

/** The signed-in reader ({id, email, name, roles}), or null. */
export function currentUser() {
  return user;
}

/** Asks the gateway who is signed in and shows the app or the log-in view to match. */
export async function loadSession() {
  try {
    const signedIn = await getSession();
    if (signedIn) {
      enter(signedIn);
      return;
    }
    user = null;
    showAuth();
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    user = null;
    showAuth();
  }
}

/** The session ended under the page (it expired, or was revoked): back to the log-in view, with a note. */
export function sessionLost() {
  if (!user) return;
  leave({ loggedOut: false });
  showAuth('login', 'Your session has ended. Log in again to continue.');
}

async function signIn(view) {
  enter(await login(values(view)));
}

async function signUp(view) {
  // The api answers the same whether or not the email had an account; only a session tells.
  await register(values(view));
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

async function submit(event, view, action) {
  event.preventDefault();
  clearErrors(view);
  view.submit.disabled = true;
  try {
    await action(view);
    view.form.reset();
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    const unplaced = placeFieldErrors(error, view.inputs);
    view.error.textContent = [error.message, ...unplaced].join(' ');
    view.error.hidden = false;
  } finally {
    view.submit.disabled = false;
  }
}

async function signOut() {
  logoutError.hidden = true;
  logoutButton.disabled = true;
  try {
    await logout();
    leave({ loggedOut: true });
    showAuth('login', 'You are logged out.');
  } catch (error) {
    if (error.unreachable) handlers.onUnreachable?.(error);
    logoutError.textContent = `Could not log out: ${error.message}`;
    logoutError.hidden = false;
  } finally {
    logoutButton.disabled = false;
  }
}

function enter(signedIn) {
  user = signedIn;
  userName.textContent = signedIn.name || signedIn.email;
  userEmail.textContent = signedIn.name ? signedIn.email : '';
  userMenu.hidden = false;
  nav.hidden = false;
  opsLink.hidden = !(signedIn.roles || []).includes('admin');
  authView.hidden = true;
  appView.hidden = false;
  if (/^#\/(login|register)$/.test(location.hash)) {
    history.replaceState(null, '', `${location.pathname}${location.search}#/new`);
  }
  handlers.onSignedIn?.(signedIn);
}

function leave(reason) {
  user = null;
  userMenu.hidden = true;
  userName.textContent = '';
  userEmail.textContent = '';
  logoutError.hidden = true;
  nav.hidden = true;
  appView.hidden = true;
  handlers.onSignedOut?.(reason);
}

/** Shows the log-in or sign-up view: the one named, else the one the address asks for. */
function showAuth(name, notice) {
  const wanted = name || (location.hash === '#/register' ? 'register' : 'login');
  if (name && location.hash !== `#/${name}`) {
    history.replaceState(null, '', `#/${name}`);
  }
  const alreadyShown = !authView.hidden && !views[wanted].panel.hidden;
  appView.hidden = true;
  nav.hidden = true;
  authView.hidden = false;
  for (const [key, view] of Object.entries(views)) {
    view.panel.hidden = key !== wanted;
    view.notice.textContent = key === wanted && notice ? notice : '';
    view.notice.hidden = !(key === wanted && notice);
  }
  const view = views[wanted];
  document.title = `${view.title} · opad`;
  // Not while the reader may be typing in this very form.
  if (!alreadyShown) Object.values(view.inputs)[0].focus();
}

function values(view) {
  return Object.fromEntries(Object.entries(view.inputs).map(([name, input]) =>
    [name, name === 'password' ? input.value : input.value.trim()]));
}

function clearErrors(view) {
  Object.values(view.inputs).forEach(clearFieldError);
  view.error.textContent = '';
  view.error.hidden = true;
}

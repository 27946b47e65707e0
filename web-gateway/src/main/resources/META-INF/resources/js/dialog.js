// One confirmation dialog for the whole page (a native <dialog>: focus is trapped and Escape
// cancels, with no script of ours for either).

import { byId } from './dom.js';

const dialog = byId('confirm-dialog', HTMLDialogElement);
const title = document.getElementById('confirm-title');
const text = document.getElementById('confirm-text');
const yes = dialog.querySelector('[value=confirm]');

/** Resolves true when the reader confirms, false when they cancel or press Escape. */
export function confirmAction({ heading, message, action }) {
  title.textContent = heading;
  text.textContent = message;
  yes.textContent = action;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
  });
}

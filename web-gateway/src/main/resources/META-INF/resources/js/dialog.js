// One confirmation dialog for the whole page (a native <dialog>: focus is trapped and Escape
// cancels, with no script of ours for either). It can offer one choice besides, as a checkbox
// (deleting a schedule: "also stop the article being written now").

import { byId } from './dom.js';

const dialog = byId('confirm-dialog', HTMLDialogElement);
const title = document.getElementById('confirm-title');
const text = document.getElementById('confirm-text');
const yes = dialog.querySelector('[value=confirm]');
const choice = byId('confirm-choice');
const choiceBox = byId('confirm-choice-box', HTMLInputElement);
const choiceText = byId('confirm-choice-text');

/** Resolves true when the reader confirms, false when they cancel or press Escape. */
export async function confirmAction({ heading, message, action }) {
  return (await confirmWithChoice({ heading, message, action })).confirmed;
}

/**
 * As confirmAction, with a checkbox (unticked at first) when {@code option} names one.
 *
 * @param {{heading: string, message: string, action: string, option?: string}} question
 * @returns {Promise<{confirmed: boolean, chosen: boolean}>}
 */
export function confirmWithChoice({ heading, message, action, option }) {
  title.textContent = heading;
  text.textContent = message;
  yes.textContent = action;
  choice.hidden = !option;
  choiceText.textContent = option ?? '';
  choiceBox.checked = false;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve({
      confirmed: dialog.returnValue === 'confirm',
      chosen: Boolean(option) && choiceBox.checked,
    }), { once: true });
    dialog.showModal();
  });
}

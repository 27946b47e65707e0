// A secret the api shows once (an API token, a webhook's signing secret, the callback secret): what it
// is, the warning that it will not be shown again, the secret, and a Copy button. Used by the Account
// page's tokens and its Webhooks section; copyText is also the Copy of the feed addresses.

/** What every secret box says after naming its secret. */
export const SHOWN_ONCE = 'copy it now, it will not be shown again:';

/**
 * Copies the text, answering what its button should say now.
 *
 * @param {string|null|undefined} text
 * @param {Node} shown the element showing the text, selected when there is no clipboard
 * @returns {Promise<string>}
 */
export async function copyText(text, shown) {
  try {
    await navigator.clipboard.writeText(text ?? '');
    return 'Copied';
  } catch {
    // No clipboard (an http page, say): select the text so the reader can copy it themselves.
    getSelection().selectAllChildren(shown);
    return 'Selected: press Ctrl+C';
  }
}

/**
 * @typedef {object} ShownSecret
 * @property {string} what what the secret is, e.g. "Your new token"
 * @property {string} value the secret itself
 */

/**
 * A secret box over index.html's elements. The page calls render with the secret it holds (null hides
 * the box) and forgets the secret when it is left; the box keeps only what its Copy button says,
 * "Copy" again for each new secret.
 *
 * @param {{box: HTMLElement, heading: HTMLElement, value: HTMLElement, copy: HTMLButtonElement}} parts
 * @returns {{render: (secret: ShownSecret|null) => void}}
 */
export function secretBox({ box, heading, value, copy }) {
  /** @type {ShownSecret|null} */
  let shown = null;
  let copyLabel = 'Copy';

  function draw() {
    box.hidden = !shown;
    heading.textContent = shown ? `${shown.what} — ${SHOWN_ONCE}` : '';
    value.textContent = shown?.value ?? '';
    copy.textContent = copyLabel;
  }

  copy.addEventListener('click', async () => {
    const copied = shown;
    const label = await copyText(copied?.value, value);
    // A newer secret shown meanwhile keeps its own "Copy".
    if (shown === copied) {
      copyLabel = label;
      draw();
    }
  });

  return {
    render(secret) {
      if (secret !== shown) {
        shown = secret;
        copyLabel = 'Copy';
      }
      draw();
    },
  };
}

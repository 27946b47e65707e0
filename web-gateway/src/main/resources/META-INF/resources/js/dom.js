// Small DOM helpers the pages share: copies of index.html's <template>s, and <option>s.

/**
 * A copy of a <template>'s first element.
 *
 * @param {string} id the template's id
 * @returns {HTMLElement}
 */
export function fromTemplate(id) {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById(id));
  return /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
}

/**
 * Appends an <option> per entry to a select, after those it has (such as "All").
 *
 * @param {HTMLSelectElement} select
 * @param {[value: string, text: string][]} entries
 * @param {string} [selected] the value chosen at first, and again after the form's reset()
 */
export function addOptions(select, entries, selected) {
  select.append(...entries.map(([value, text]) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    option.defaultSelected = value === selected;
    return option;
  }));
}

/**
 * The element with this id, as the type the caller knows it is.
 *
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} [type] checked, so a wrong id fails at once rather than later
 * @returns {T}
 */
export function byId(id, type) {
  const element = document.getElementById(id);
  if (!element || (type && !(element instanceof type))) throw new Error(`#${id} is missing or not a ${type?.name}`);
  return /** @type {T} */ (element);
}

/* global document, Node */
// Tiny DOM helpers: every text goes in through textContent, so model output can never become markup.

/** Creates `<tag>` with attributes (`on…` keys become listeners) and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'className') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A table from a header row and body rows of strings or nodes. */
export function table(head, rows, rowAttrs = () => ({})) {
  return h(
    'table',
    {},
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows.map((r, i) => h('tr', rowAttrs(i), ...r.map((c) => h('td', {}, c))))),
  );
}

/** A number shown with a few significant digits; strings pass through. */
export function fmt(value, digits = 4) {
  return typeof value === 'number' ? String(Number(value.toPrecision(digits))) : String(value);
}

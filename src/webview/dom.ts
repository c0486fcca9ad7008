/**
 * The only way the sidebar creates elements. Text goes in with `textContent` / text nodes, never
 * as markup: paper titles and abstracts come from files anyone can write (`<img onerror=…>`).
 */

type Child = Node | string | false | null | undefined;

export interface Props {
  class?: string;
  /** Attributes (aria-*, role, title, data-*...). `style` and `on*` are refused. */
  attrs?: Record<string, string | number | boolean | undefined>;
  text?: string;
}

/** `h('div', { class: 'card' }, child, 'text')`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name) || name === 'style') throw new Error(`dom: refusing attribute ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  if (props.text !== undefined) el.textContent = props.text;
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A codicon glyph (decorative: hidden from screen readers). */
export function icon(name: string, extra = ''): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, attrs: { 'aria-hidden': 'true' } });
}

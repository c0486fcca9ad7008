/**
 * Marks the words of a text that match the draft's terms. Terms are surface words of the draft
 * ("sinks", "Streaming"); a word of the text matches when it starts with the term's stem, so
 * "sinks" marks "sink" and "sinks", "streaming" marks "stream" and "streams".
 */
import { h } from './dom';

/** A crude English stem, enough to match inflections: never shorter than 3 letters. */
export function stemOf(term: string): string {
  const t = term.toLowerCase().normalize('NFC');
  for (const suffix of ['ization', 'ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's', 'e', 'y']) {
    if (t.endsWith(suffix) && t.length - suffix.length >= 3) return t.slice(0, -suffix.length);
  }
  return t;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regexp matching whole words that start with one of the terms' stems, or undefined for no terms. */
export function termPattern(terms: readonly string[]): RegExp | undefined {
  const stems = [...new Set(terms.map(stemOf).filter((s) => s.length >= 2))].sort((a, b) => b.length - a.length);
  if (!stems.length) return undefined;
  // \p{L}\p{N} rather than \w so that "Ünsal" and "façade" are words too.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.map(escapeRegExp).join('|')})[\\p{L}\\p{N}'’-]*`, 'giu');
}

/** `text` as text nodes and <mark> elements (all set as text, never parsed). */
export function highlighted(text: string, pattern: RegExp | undefined): DocumentFragment {
  const frag = document.createDocumentFragment();
  if (!pattern) {
    frag.appendChild(document.createTextNode(text));
    return frag;
  }
  pattern.lastIndex = 0;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0;
    if (start > at) frag.appendChild(document.createTextNode(text.slice(at, start)));
    frag.appendChild(h('mark', { text: m[0] }));
    at = start + m[0].length;
  }
  if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
  return frag;
}

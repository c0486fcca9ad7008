// Field values: LaTeX -> plain Unicode.
//
// citation-js's value parser tokenises every word, which made decoding most of the load time
// (see scripts/bench-bib.mjs). Most of a value is plain text, and its LaTeX comes in small,
// recurring pieces ({BERT}, {\"o}, \emph{...}, 5\%): so plain runs are copied as they are, and
// each piece (an "island": a brace group, a command with its arguments, $math$) is decoded by
// citation-js once per file and cached. Names are decoded (and cached) one by one.
import { parse as parseLatexValue } from '@citation-js/plugin-bibtex/lib/input/value.js';
import {
  argumentCommands,
  commands,
  diacritics,
  formatting,
  formattingCommands,
  formattingEnvs,
  ligatures,
  mathCommands,
} from '@citation-js/plugin-bibtex/lib/input/constants.js';
import { collapseSpace, displayName, type NameParts } from '../ids';
import { BACKSLASH, DOLLAR, LBRACE, RBRACE, isSpace } from '../../text/charCodes';

/** Where a LaTeX island starts; `~`, `--` and TeX quotes are ligatures of plain text. */
const ISLAND_START = /[\\{}$]/g;
const LIGATURES = /---?|''|``|~/g;
const NEEDS_DECODING = /[\\{}$~]|--|''|``/;
/** The HTML tags citation-js writes for \emph, \textbf...: a PaperRecord holds plain text. */
const MARKUP = new RegExp(
  [...new Set(Object.values(formatting).flat())]
    .filter((tag) => tag.startsWith('<'))
    .map((tag) => tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);
/** A dotless i/j with an accent ({\'\i}) does not compose under NFC; the dotted letter does. */
const DOTLESS_WITH_ACCENT = /([ıȷ])(?=[\u0300-\u036f])/g;

export class LatexDecoder {
  private readonly islands = new Map<string, string>();
  private readonly names = new Map<string, string>();

  /** A text field as plain Unicode, white space collapsed; undefined when empty. */
  text(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const out = collapseSpace(NEEDS_DECODING.test(raw) ? this.decode(raw) : raw);
    return out === '' ? undefined : out;
  }

  /** `author`: "First Last" strings, without "others". */
  authors(raw: string | undefined): string[] {
    if (raw === undefined) return [];
    const out: string[] = [];
    for (const name of splitNames(raw)) {
      let display = this.names.get(name);
      if (display === undefined) {
        display = decodeName(name);
        this.names.set(name, display);
      }
      if (display !== '' && display.toLowerCase() !== 'others') out.push(display);
    }
    return out;
  }

  /** Verbatim fields (DOI, URL, eprint): no LaTeX decoding, but `\_`-style escapes and `\url{}` undone. */
  verbatim(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const out = raw
      .trim()
      .replace(/^\\(?:url|href)\s*\{([^}]*)\}.*$/s, '$1')
      .replace(/\\([_%&#$~])/g, '$1')
      .replace(/[{}]/g, '')
      .trim();
    return out === '' ? undefined : out;
  }

  private decode(raw: string): string {
    let out = '';
    let i = 0;
    const n = raw.length;
    while (i < n) {
      ISLAND_START.lastIndex = i;
      const j = ISLAND_START.exec(raw)?.index ?? n;
      if (j > i) out += raw.slice(i, j).replace(LIGATURES, (l) => ligatures[l] ?? l);
      if (j >= n) break;
      const end = islandEnd(raw, j);
      const island = raw.slice(j, end);
      let decoded = this.islands.get(island);
      if (decoded === undefined) {
        decoded = decodeIsland(island);
        this.islands.set(island, decoded);
      }
      out += decoded;
      i = end;
    }
    return out;
  }
}

function decodeIsland(island: string): string {
  try {
    return cleanDecoded(String(parseLatexValue(island, 'title')));
  } catch {
    return crudeLatexToText(island);
  }
}

function decodeName(name: string): string {
  try {
    const parsed = parseLatexValue(name, 'author');
    const first = Array.isArray(parsed) ? (parsed[0] as NameParts | undefined) : undefined;
    return first ? collapseSpace(cleanDecoded(displayName(first))) : '';
  } catch {
    return collapseSpace(crudeLatexToText(name));
  }
}

/** Commands citation-js leaves as they are; other unknown commands are reduced to their name. */
const EXTRA_COMMANDS: Record<string, string> = {
  AA: 'Å', aa: 'å', ldots: '…', dots: '…', textendash: '–', textemdash: '—',
};

function cleanDecoded(text: string): string {
  let out = text.replace(MARKUP, '').replace(DOTLESS_WITH_ACCENT, (d) => (d === 'ı' ? 'i' : 'j'));
  if (out.includes('\\')) {
    out = out
      .replace(/\\([a-zA-Z]+)\s*/g, (_, name: string) => EXTRA_COMMANDS[name] ?? name)
      .replace(/\\[-/]/g, '')
      .replace(/\\[\s\\,;:!]/g, ' ');
  }
  return out.normalize('NFC');
}

/** Last resort when the LaTeX decoder rejects a value: drop commands and braces, keep the words. */
function crudeLatexToText(raw: string): string {
  return raw
    .replace(/\\[a-zA-Z]+\*?\s*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/[{}$]/g, '')
    .replace(/~/g, ' ');
}

// ---- Islands -----------------------------------------------------------------------------
// Where a LaTeX island ends: as far as citation-js will read it as one piece, so
// that decoding an island alone gives what decoding the whole value would.

/** End (exclusive) of the LaTeX island that starts at `j` (a `\\`, `{`, `}` or `$`). */
function islandEnd(s: string, j: number): number {
  const c = s.charCodeAt(j);
  if (c === LBRACE) return groupEnd(s, j);
  if (c === BACKSLASH) return commandEnd(s, j);
  if (c === DOLLAR) return mathEnd(s, j);
  return j + 1; // a stray "}"
}

function groupEnd(s: string, j: number): number {
  let depth = 0;
  for (let k = j; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === BACKSLASH) k++;
    else if (c === LBRACE) depth++;
    else if (c === RBRACE && --depth === 0) return k + 1;
  }
  return s.length;
}

function mathEnd(s: string, j: number): number {
  const k = s.indexOf('$', j + 1);
  return k < 0 ? s.length : k + 1;
}

/** A command with what citation-js will read as its arguments (the tables decide how many). */
function commandEnd(s: string, j: number): number {
  let k = j + 1;
  if (k >= s.length) return k;
  let name: string;
  if (isLetter(s.charCodeAt(k))) {
    while (k < s.length && isLetter(s.charCodeAt(k))) k++;
    name = s.slice(j + 1, k);
  } else {
    name = s[k++];
  }
  while (s.charCodeAt(k) === 32) k++; // the command token takes the spaces after it
  if (name === 'begin' || Object.hasOwn(formattingEnvs, name)) return s.length; // \begin...\end, {\em ...
  if (Object.hasOwn(formattingCommands, name)) return s.charCodeAt(k) === LBRACE ? groupEnd(s, k) : k;
  if (Object.hasOwn(commands, name) || Object.hasOwn(mathCommands, name)) return k;
  if (Object.hasOwn(diacritics, name)) return argumentEnd(s, k);
  if (Object.hasOwn(argumentCommands, name)) {
    for (let arity = argumentCommands[name].length; arity > 0; arity--) {
      let q = k;
      while (q < s.length && isSpace(s.charCodeAt(q))) q++;
      if (s.charCodeAt(q) !== LBRACE) break;
      k = groupEnd(s, q);
    }
  }
  return k;
}

/** The one argument of an accent: a group, a command, math, or the rest of the word. */
function argumentEnd(s: string, k: number): number {
  if (k >= s.length) return k;
  const c = s.charCodeAt(k);
  if (c === LBRACE) return groupEnd(s, k);
  if (c === BACKSLASH) return commandEnd(s, k);
  if (c === DOLLAR) return mathEnd(s, k);
  let q = k;
  while (q < s.length && !/[{$}\s~\\]/.test(s[q])) q++;
  return q;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

// ---- Names -------------------------------------------------------------------------------

const NAME_SEPARATOR = /\s+and\s+/iy;

/** Splits an author list at the top-level " and "s (not inside braces: {Barnes and Noble}). */
function splitNames(raw: string): string[] {
  const parts: string[] = [];
  if (!raw.includes('{')) {
    for (const part of raw.split(/\s+and\s+/i)) if (part.trim()) parts.push(part.trim());
    return parts;
  }
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    else if (depth === 0 && isSpace(c)) {
      NAME_SEPARATOR.lastIndex = i;
      if (NAME_SEPARATOR.test(raw)) {
        parts.push(raw.slice(start, i));
        start = NAME_SEPARATOR.lastIndex;
        i = start - 1;
      }
    }
  }
  parts.push(raw.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

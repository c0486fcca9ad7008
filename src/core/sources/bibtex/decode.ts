// Field values: LaTeX -> plain Unicode.
//
// citation-js's value parser tokenises every word, which made decoding most of the load time
// (see scripts/bench-bib.mjs). Most of a value is plain text, and its LaTeX comes in small,
// recurring pieces ({BERT}, {\"o}, \emph{...}, 5\%): so plain runs are copied as they are, and
// each piece (an "island": a brace group, a command with its arguments, $math$) is decoded by
// citation-js once per file and cached. Names are decoded (and cached) one by one.
import { parse as parseLatexValue } from '@citation-js/plugin-bibtex/lib/input/value.js';
import { formatting, ligatures } from '@citation-js/plugin-bibtex/lib/input/constants.js';
import { collapseSpace, displayName, type NameParts } from '../ids';
import { islandEnd } from './islands';
import { splitNames } from './names';

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

// Field values: LaTeX -> plain Unicode, by one reader for every field (latex.ts), titles and
// names alike. Most values are plain text and are copied as they are; short ones and names are
// decoded once per file (journal names, authors and series repeat across a bibliography).
import type { AuthorName } from '../../model';
import { collapseSpace } from '../ids';
import { LBRACE, RBRACE, isSpace } from '../../text/charCodes';
import { latexToText } from './latex';

const NEEDS_DECODING = /[\\{}$~]|--|''|``/;
/** Values up to this long are cached: venues, publishers and series repeat; titles and abstracts rarely. */
const CACHED_LENGTH = 160;

export class LatexDecoder {
  private readonly values = new Map<string, string>();
  private readonly nameCache = new Map<string, AuthorName | null>();

  /** A text field as plain Unicode, white space collapsed; undefined when empty. */
  text(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    let out: string | undefined;
    if (!NEEDS_DECODING.test(raw)) {
      out = collapseSpace(raw);
    } else if (raw.length > CACHED_LENGTH) {
      out = collapseSpace(latexToText(raw));
    } else {
      out = this.values.get(raw);
      if (out === undefined) {
        out = collapseSpace(latexToText(raw));
        this.values.set(raw, out);
      }
    }
    return out === '' ? undefined : out;
  }

  /** `author`: each name's decoded parts, without "others"; `displayName` makes "First von Last Jr". */
  names(raw: string | undefined): AuthorName[] {
    if (raw === undefined) return [];
    const out: AuthorName[] = [];
    for (const name of splitNames(raw)) {
      let parts = this.nameCache.get(name);
      if (parts === undefined) {
        parts = decodedParts(nameParts(name));
        this.nameCache.set(name, parts);
      }
      if (parts && displayName(parts).toLowerCase() !== 'others') out.push(parts);
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

/** BibTeX's four parts of a name, as written (LaTeX still in them). */
export interface RawNameParts {
  first: string;
  von: string;
  last: string;
  jr: string;
}

/**
 * The parts of one name by BibTeX's rules: "First von Last", "von Last, First" or
 * "von Last, Jr, First"; a braced group is one word of no case (`{van der Berg}`, `{Barnes and
 * Noble}`), and the von part is the run of words that start with a lower-case letter (`\'e`-style
 * accents counted by their letter), never the last word.
 * @example nameParts('Ludwig van Beethoven') // { first: 'Ludwig', von: 'van', last: 'Beethoven', jr: '' }
 */
export function nameParts(raw: string): RawNameParts {
  const parts = splitTopLevel(raw, (c) => c === ',').map((p) => p.trim());
  if (parts.length === 1) {
    const words = splitTopLevel(parts[0]!, (c) => isSpace(c.charCodeAt(0)) || c === '~').filter(Boolean);
    const n = words.length;
    let from = -1;
    let to = -1;
    for (let i = 0; i < n - 1; i++) {
      if (!startsLower(words[i]!)) continue;
      if (from < 0) from = i;
      to = i;
    }
    if (from < 0) return { first: words.slice(0, -1).join(' '), von: '', last: words.at(-1) ?? '', jr: '' };
    return { first: words.slice(0, from).join(' '), von: words.slice(from, to + 1).join(' '), last: words.slice(to + 1).join(' '), jr: '' };
  }
  const words = splitTopLevel(parts[0]!, (c) => isSpace(c.charCodeAt(0)) || c === '~').filter(Boolean);
  // "Van der Maaten, L.": the von part runs to the last lower-case word, capitals before it included.
  let to = -1;
  for (let i = 0; i < words.length - 1; i++) if (startsLower(words[i]!)) to = i;
  const first = parts.length === 2 ? parts[1]! : parts.slice(2).join(', ');
  const jr = parts.length === 2 ? '' : parts[1]!;
  return { first, von: words.slice(0, to + 1).join(' '), last: words.slice(to + 1).join(' '), jr };
}

/** A name's parts decoded; null for a name with nothing in it. */
function decodedParts(p: RawNameParts): AuthorName | null {
  const text = (part: string) => (part === '' ? '' : collapseSpace(latexToText(part)));
  const [given, particle, family, suffix] = [text(p.first), text(p.von), text(p.last), text(p.jr)];
  if (!family && !given && !particle) return null;
  const out: AuthorName = { family: family || particle || given };
  if (given && family) out.given = given;
  if (particle && family) out.particle = particle;
  if (suffix) out.suffix = suffix;
  return out;
}

/** "First von Last Jr": how a record holds an author. */
export function displayName(p: AuthorName): string {
  return [p.given, p.particle, p.family, p.suffix].filter(Boolean).join(' ');
}

/** Pieces of `s` between the characters `isSeparator` accepts at brace depth 0. */
function splitTopLevel(s: string, isSeparator: (c: string) => boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    // As BibTeX: braces alone make levels (an escaped blank, `L.\ Thiele`, still separates words).
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && isSeparator(c)) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/**
 * Whether a name word starts with a lower-case letter, as BibTeX sees it: a group opening with a
 * command (`{\'e}cole`, `{\aa}`) counts by the letter it makes; any other group has no case.
 */
function startsLower(word: string): boolean {
  if (word.startsWith('{') && word[1] !== '\\') return false;
  const first = /\p{L}/u.exec(latexToText(word));
  return first !== null && first[0] === first[0].toLowerCase() && first[0] !== first[0].toUpperCase();
}

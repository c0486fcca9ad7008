/**
 * BibTeX / BibLaTeX files -> PaperRecords.
 *
 * The file is read in one pass by a small scanner of our own (entries, fields, `@string` macros,
 * `#` concatenation), which knows the line of every entry and recovers at the next line that
 * starts an entry, so one broken entry costs only that entry. Field values are then decoded from
 * LaTeX to plain Unicode by @citation-js/plugin-bibtex's value parser, only for the fields a
 * PaperRecord uses. Why not citation-js for the whole file: its file grammar stops at the first
 * syntax error and gives no line numbers, and mapping every field to CSL costs more than reading
 * the file (see scripts/bench-bib.mjs).
 */
import { parse as parseLatexValue } from '@citation-js/plugin-bibtex/lib/input/value.js';
import {
  argumentCommands,
  commands,
  defaultStrings,
  diacritics,
  formatting,
  formattingCommands,
  formattingEnvs,
  ligatures,
  mathCommands,
} from '@citation-js/plugin-bibtex/lib/input/constants.js';
import type { LoadResult, PaperRecord, SourceError } from '../model';
import { collapseSpace, displayName, extractArxivId, normalizeDoi, type NameParts } from './ids';

/** One entry as written: lower-case field names -> raw values (macros expanded, LaTeX kept). */
interface RawEntry {
  type: string;
  key: string;
  line: number;
  fields: Record<string, string>;
}

/**
 * Parses a .bib file. Never throws: every entry that parses becomes a record (id = key = its key,
 * origin.line = the line of its `@`), every problem a SourceError with the file and the 1-based
 * line of the problem. A broken entry is dropped and reading resumes at the next line starting
 * with `@type{`. What BibTeX itself accepts (a repeated key: the first wins; text after an entry
 * that looks like more of its fields) is reported with severity 'warning'.
 * @example parseBibtex('@article{a, title={On {\\"o}}}', 'refs.bib').records[0].title // 'On ö'
 */
export function parseBibtex(text: string, file: string): LoadResult {
  const errors: SourceError[] = [];
  let entries: RawEntry[] = [];
  try {
    entries = new BibScanner(text, file, errors).scan();
  } catch (e) {
    // A bug of ours must not cost the user the file: keep what was read.
    errors.push({ file, message: `internal error while reading BibTeX: ${(e as Error).message}` });
  }
  const records: PaperRecord[] = [];
  const byKey = new Map<string, RawEntry>();
  const byLowerKey = new Map<string, RawEntry>();
  for (const entry of entries) {
    const first = byKey.get(entry.key);
    if (first) {
      errors.push({
        file,
        line: entry.line,
        message: `duplicate key "${entry.key}" (first defined at line ${first.line}); this entry is ignored`,
        severity: 'warning',
      });
      continue;
    }
    byKey.set(entry.key, entry);
    if (!byLowerKey.has(entry.key.toLowerCase())) byLowerKey.set(entry.key.toLowerCase(), entry);
  }
  const decoder = new LatexDecoder();
  for (const entry of byKey.values()) {
    try {
      const fields = resolveCrossref(entry, byKey, byLowerKey);
      records.push(toRecord(entry, fields, file, decoder));
    } catch (e) {
      errors.push({ file, line: entry.line, message: `cannot read entry "${entry.key}": ${(e as Error).message}` });
    }
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { records, errors };
}

// ---------------------------------------------------------------------------------------------
// Scanner: text -> RawEntry[] + located errors.

/** Thrown inside the scanner for a problem in one entry; caught at the entry boundary. */
class EntryError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    /** Where scanning resumes; default: the next line that starts with `@`. */
    readonly resume?: number,
  ) {
    super(message);
  }
}

const CH_NL = 10;
const CH_AT = 64;
const CH_PERCENT = 37;
const CH_LBRACE = 123;
const CH_RBRACE = 125;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_COMMA = 44;
const CH_EQUALS = 61;
const CH_LPAREN = 40;
const CH_RPAREN = 41;

/** `@type{` or `@type(` at the start of a line (after optional blanks): where we resynchronise. */
const ENTRY_AT_LINE_START = /[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]/y;
const TYPE_NAME = /[A-Za-z_][\w:+-]*/y;
/** Field names: anything up to a separator (BibLaTeX allows `author+an`, `date-parts`...). */
const FIELD_NAME = /[^\s=,{}()"#%@]+/y;
const ENTRY_KEY = /[^\s,{}()"#=%]+/y;
const NUMBER = /\d+/y;
/** A value that runs on over `field = ...` lines. */
const SWALLOWED_FIELD = /\n\s*[A-Za-z][\w:+-]*\s*=\s*["{\d\w]/;
/** After an entry: text that looks like more fields means an extra `}` closed it early. */
const LOOKS_LIKE_FIELDS = /^\s*(?:[,}]|[A-Za-z][\w:+-]*\s*=\s*["{\d\w])/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === CH_NL || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

class BibScanner {
  private pos = 0;
  private lineStarts: number[] | undefined;
  private readonly macros: Record<string, string> = { ...defaultStrings };

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly errors: SourceError[],
  ) {}

  scan(): RawEntry[] {
    const { text } = this;
    const entries: RawEntry[] = [];
    let previous: RawEntry | undefined;
    let previousEnd = 0;
    // What the current line holds before the next "@", tracked incrementally over the text
    // between entries (a backward scan per "@" would be quadratic on a line of "@"s).
    let junkFrom = 0;
    let blankSoFar = true;
    let commented = false;
    while (this.pos < text.length) {
      const at = text.indexOf('@', this.pos);
      if (previous) this.checkTrailingText(previous, previousEnd, at < 0 ? text.length : at);
      previous = undefined;
      if (at < 0) break;
      for (let i = junkFrom; i < at; i++) {
        const c = text.charCodeAt(i);
        if (c === CH_NL) {
          blankSoFar = true;
          commented = false;
        } else if (c === CH_PERCENT) {
          commented = true;
          blankSoFar = false;
        } else if (c !== 32 && c !== 9 && c !== 13) {
          blankSoFar = false;
        }
      }
      junkFrom = at;
      this.pos = at + 1;
      if (commented) continue; // `% @misc{...}`: commented out, as Biber and editors understand it
      try {
        const read = this.readEntry(at, blankSoFar);
        if (read === 'junk') continue; // an "@" in free text: rescanned as junk
        if (read !== 'consumed') {
          entries.push(read);
          previous = read;
          previousEnd = this.pos;
        }
      } catch (e) {
        if (!(e instanceof EntryError)) throw e;
        this.errors.push({ file: this.file, line: this.lineAt(e.pos), message: e.message });
        this.pos = e.resume ?? this.nextEntryLine(e.pos);
      }
      junkFrom = this.pos;
      blankSoFar = this.atLineStart(this.pos);
      commented = false;
    }
    return entries;
  }

  /**
   * Reads what the `@` at `at` starts: an entry, or 'consumed' for @comment / @preamble /
   * @string, or 'junk' for an `@` in free text.
   */
  private readEntry(at: number, atLineStart: boolean): RawEntry | 'consumed' | 'junk' {
    const { text } = this;
    this.skipBlanks();
    const type = this.match(TYPE_NAME);
    if (!type) return 'junk';
    this.skipBlanks();
    const open = text.charCodeAt(this.pos);
    if (open !== CH_LBRACE && open !== CH_LPAREN) {
      if (atLineStart) throw new EntryError(`expected "{" after "@${type}"`, this.pos);
      return 'junk';
    }
    this.pos++;
    const close = open === CH_LBRACE ? CH_RBRACE : CH_RPAREN;
    const kind = type.toLowerCase();
    if (kind === 'comment' || kind === 'preamble') {
      this.skipGroup(close);
      return 'consumed';
    }
    if (kind === 'string') {
      const fields: Record<string, string> = Object.create(null);
      this.readFields(fields, close, '@string', at);
      for (const name in fields) this.macros[name] = fields[name];
      return 'consumed';
    }
    this.skipBlanksAndComments();
    const key = this.match(ENTRY_KEY) ?? '';
    this.skipBlanksAndComments();
    const c = text.charCodeAt(this.pos);
    if (key === '' || c === CH_EQUALS) {
      throw new EntryError(`@${type} entry without a key`, key === '' ? this.pos : at);
    }
    const line = this.lineAt(at);
    const fields: Record<string, string> = Object.create(null);
    if (c === close) {
      this.pos++;
    } else if (c === CH_COMMA) {
      this.pos++;
      this.readFields(fields, close, `entry "${key}"`, at);
    } else {
      throw this.unexpected(`after the key of entry "${key}"`, `","`);
    }
    return { type: kind, key, line, fields };
  }

  /** `name = value, ...` up to and including the closing delimiter. */
  private readFields(fields: Record<string, string>, close: number, what: string, at: number): void {
    const { text } = this;
    const closeChar = String.fromCharCode(close);
    let last: { name: string; pos: number; value: string } | undefined;
    for (;;) {
      this.skipBlanksAndComments();
      if (this.pos >= text.length) {
        throw this.unclosed(what, at, last, `missing "${closeChar}" at the end of the file`, text.length);
      }
      const c = text.charCodeAt(this.pos);
      if (c === close) {
        this.pos++;
        return;
      }
      if (c === CH_AT && this.isEntryStart(this.pos)) {
        const detail = `missing "${closeChar}" before the next entry (line ${this.lineAt(this.pos)})`;
        throw this.unclosed(what, at, last, detail, this.pos);
      }
      const name = this.match(FIELD_NAME);
      if (!name) throw this.unexpected(`in ${what}`, `a field name or "${closeChar}"`);
      const pos = this.pos - name.length;
      this.skipBlanksAndComments();
      if (text.charCodeAt(this.pos) !== CH_EQUALS) throw this.unexpected(`after field "${name}" in ${what}`, '"="');
      this.pos++;
      const value = this.readValue(name, what, close);
      last = { name, pos, value };
      const lower = name.toLowerCase();
      if (!(lower in fields)) fields[lower] = value; // BibTeX keeps the first of repeated fields
      this.skipBlanksAndComments();
      const after = text.charCodeAt(this.pos);
      if (after === CH_COMMA) {
        this.pos++;
      } else if (after !== close) {
        if (this.pos >= text.length || (after === CH_AT && this.isEntryStart(this.pos))) continue; // reported above
        throw this.unexpected(`after field "${name}" in ${what}`, `"," or "${closeChar}"`);
      }
    }
  }

  /**
   * An entry that never closes. When the last value swallowed what look like further fields, the
   * culprit is that field's unclosed "{": point at it rather than at the entry.
   */
  private unclosed(
    what: string,
    at: number,
    last: { name: string; pos: number; value: string } | undefined,
    detail: string,
    resume: number,
  ): EntryError {
    if (last && SWALLOWED_FIELD.test(last.value)) {
      return new EntryError(
        `unbalanced braces in ${what}: field "${last.name}" has an unclosed "{" (its value runs on into the fields after it)`,
        last.pos,
        resume,
      );
    }
    return new EntryError(`unbalanced braces in ${what}: ${detail}`, at, resume);
  }

  /** `{...}`, `"..."`, a number or a macro name, joined by `#`; returns the raw text. */
  private readValue(field: string, what: string, close: number): string {
    const { text } = this;
    let value = '';
    for (;;) {
      this.skipBlanksAndComments();
      const c = text.charCodeAt(this.pos);
      if (c === CH_LBRACE || c === CH_QUOTE) {
        value += this.readDelimited(c, field, what);
      } else if (c >= 48 && c <= 57) {
        value += this.match(NUMBER);
      } else {
        const name = c === close ? undefined : this.match(FIELD_NAME);
        if (!name) throw this.unexpected(`for field "${field}" in ${what}`, 'a value');
        value += this.macros[name.toLowerCase()] ?? '';
      }
      this.skipBlanksAndComments();
      if (text.charCodeAt(this.pos) !== CH_HASH) return value;
      this.pos++;
    }
  }

  /** A braced or quoted value, without its outer delimiters. */
  private readDelimited(open: number, field: string, what: string): string {
    const { text } = this;
    const start = this.pos;
    let depth = open === CH_LBRACE ? 1 : 0;
    let i = start + 1;
    const n = text.length;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === CH_LBRACE) {
        depth++;
      } else if (c === CH_RBRACE) {
        depth--;
        if (depth === 0 && open === CH_LBRACE) break;
        if (depth < 0) {
          // Only in a quoted value. Usually the quote is the culprit: it was never closed.
          if (SWALLOWED_FIELD.test(text.slice(start, i))) {
            throw new EntryError(
              `unbalanced braces in ${what}: the quote opening field "${field}" is never closed (its value runs on into the fields after it)`,
              start,
            );
          }
          throw new EntryError(`unbalanced braces in ${what}: extra "}" in field "${field}"`, i);
        }
      } else if (c === CH_QUOTE && open === CH_QUOTE && depth === 0) {
        break;
      } else if (c === CH_NL && this.isEntryStart(i + 1)) {
        const opener = open === CH_LBRACE ? '"{"' : 'quote';
        throw new EntryError(
          `unbalanced braces in ${what}: the ${opener} opening field "${field}" is not closed before the next entry (line ${this.lineAt(i + 1)})`,
          start,
          this.skipToAt(i + 1),
        );
      }
    }
    if (i >= n) {
      const opener = open === CH_LBRACE ? '"{"' : 'quote';
      throw new EntryError(`unbalanced braces in ${what}: the ${opener} opening field "${field}" is never closed`, start, n);
    }
    this.pos = i + 1;
    return text.slice(start + 1, i);
  }

  /**
   * Skips a balanced `{...}` / `(...)` group (@comment, @preamble). Lines starting an entry inside
   * it stay skipped, unless the group never closes: then scanning resumes at the first of them.
   */
  private skipGroup(close: number): void {
    const { text } = this;
    const open = close === CH_RBRACE ? CH_LBRACE : CH_LPAREN;
    let depth = 1;
    let firstEntry = -1;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.pos = i + 1;
        return;
      } else if (c === CH_NL && firstEntry < 0 && this.isEntryStart(i + 1)) {
        firstEntry = i + 1;
      }
    }
    this.pos = firstEntry < 0 ? text.length : firstEntry;
  }

  /** Reports text after an entry that looks like more of its fields (an extra `}` closed it early). */
  private checkTrailingText(entry: RawEntry, from: number, to: number): void {
    const junk = this.text.slice(from, Math.min(to, from + 200));
    if (!LOOKS_LIKE_FIELDS.test(junk)) return;
    this.errors.push({
      file: this.file,
      line: this.lineAt(from + junk.search(/\S/)),
      message: `text after the end of entry "${entry.key}" looks like more fields (an extra "}" closed the entry early?); it is ignored`,
      severity: 'warning',
    });
  }

  private unexpected(where: string, expected: string): EntryError {
    const { text, pos } = this;
    const got = pos >= text.length ? 'the end of the file' : JSON.stringify(text.slice(pos, pos + 12).split('\n')[0]);
    return new EntryError(`syntax error ${where}: expected ${expected}, found ${got}`, pos);
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private skipBlanks(): void {
    const { text } = this;
    while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
  }

  /** Blanks and `%` comments (BibLaTeX / Biber allow them between fields). */
  private skipBlanksAndComments(): void {
    const { text } = this;
    for (;;) {
      this.skipBlanks();
      if (text.charCodeAt(this.pos) !== CH_PERCENT) return;
      const eol = text.indexOf('\n', this.pos);
      this.pos = eol < 0 ? text.length : eol + 1;
    }
  }

  /** True when `pos` (a line start, possibly blank-indented) begins `@type{` / `@type(`. */
  private isEntryStart(pos: number): boolean {
    const c = this.text.charCodeAt(pos);
    if (c !== CH_AT && c !== 32 && c !== 9) return false;
    ENTRY_AT_LINE_START.lastIndex = pos;
    return ENTRY_AT_LINE_START.test(this.text);
  }

  private skipToAt(lineStart: number): number {
    const at = this.text.indexOf('@', lineStart);
    return at < 0 ? this.text.length : at;
  }

  /** The `@` of the next line that starts an entry, after `from`; the end of the text if none. */
  private nextEntryLine(from: number): number {
    const { text } = this;
    let nl = text.indexOf('\n', from);
    while (nl >= 0) {
      if (this.isEntryStart(nl + 1)) return this.skipToAt(nl + 1);
      nl = text.indexOf('\n', nl + 1);
    }
    return text.length;
  }

  /** Only blanks between the start of the line and `at`. */
  private atLineStart(at: number): boolean {
    for (let i = at - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === CH_NL) return true;
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  /** 1-based line of `pos` (binary search over the line starts, computed once). */
  private lineAt(pos: number): number {
    const { text } = this;
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Crossref: a child inherits what it lacks from its parent (BibTeX and BibLaTeX rules, limited to
// the fields a PaperRecord uses; a parent's DOI, URL or abstract are not the child's).

const INHERITED = [
  'booktitle', 'journal', 'journaltitle', 'year', 'date', 'publisher', 'organization',
  'institution', 'school', 'eventtitle', 'booksubtitle',
];
/** Parent types whose `title` becomes the child's `booktitle` / `journaltitle` (BibLaTeX). */
const PARENT_TITLE: Record<string, string> = {
  proceedings: 'booktitle', mvproceedings: 'booktitle', book: 'booktitle', mvbook: 'booktitle',
  collection: 'booktitle', mvcollection: 'booktitle', reference: 'booktitle', mvreference: 'booktitle',
  periodical: 'journaltitle',
};

function resolveCrossref(
  entry: RawEntry,
  byKey: Map<string, RawEntry>,
  byLowerKey: Map<string, RawEntry>,
  depth = 0,
): Record<string, string> {
  const ref = entry.fields.crossref?.trim();
  if (!ref || depth > 8) return entry.fields;
  const parent = byKey.get(ref) ?? byLowerKey.get(ref.toLowerCase());
  if (!parent || parent === entry) return entry.fields;
  const inherited = resolveCrossref(parent, byKey, byLowerKey, depth + 1);
  const fields: Record<string, string> = Object.assign(Object.create(null), entry.fields);
  for (const name of INHERITED) {
    if (!(name in fields) && name in inherited) fields[name] = inherited[name];
  }
  const titleField = PARENT_TITLE[parent.type];
  if (titleField && inherited.title && !(titleField in fields)) fields[titleField] = inherited.title;
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Field values: LaTeX -> plain Unicode.
//
// citation-js's value parser tokenises every word, which made decoding most of the load time
// (see scripts/bench-bib.mjs). Most of a value is plain text, and its LaTeX comes in small,
// recurring pieces ({BERT}, {\"o}, \emph{...}, 5\%): so plain runs are copied as they are, and
// each piece (an "island": a brace group, a command with its arguments, $math$) is decoded by
// citation-js once per file and cached. Names are decoded (and cached) one by one.

/** Where a LaTeX island starts; `~`, `--` and TeX quotes are ligatures of plain text. */
const ISLAND_START = /[\\{}$]/g;
const LIGATURES = /---?|''|``|~/g;
const NEEDS_DECODING = /[\\{}$~]|--|''|``/;
const MARKUP = new RegExp(
  [...new Set(Object.values(formatting).flat())]
    .filter((tag) => tag.startsWith('<'))
    .map((tag) => tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);
/** A dotless i/j with an accent ({\'\i}) does not compose under NFC; the dotted letter does. */
const DOTLESS_WITH_ACCENT = /([ıȷ])(?=[\u0300-\u036f])/g;
const CH_BACKSLASH = 92;
const CH_DOLLAR = 36;

class LatexDecoder {
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
    if (c === CH_LBRACE) depth++;
    else if (c === CH_RBRACE) depth--;
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

/** End (exclusive) of the LaTeX island that starts at `j` (a `\\`, `{`, `}` or `$`). */
function islandEnd(s: string, j: number): number {
  const c = s.charCodeAt(j);
  if (c === CH_LBRACE) return groupEnd(s, j);
  if (c === CH_BACKSLASH) return commandEnd(s, j);
  if (c === CH_DOLLAR) return mathEnd(s, j);
  return j + 1; // a stray "}"
}

function groupEnd(s: string, j: number): number {
  let depth = 0;
  for (let k = j; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === CH_BACKSLASH) k++;
    else if (c === CH_LBRACE) depth++;
    else if (c === CH_RBRACE && --depth === 0) return k + 1;
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
  if (Object.hasOwn(formattingCommands, name)) return s.charCodeAt(k) === CH_LBRACE ? groupEnd(s, k) : k;
  if (Object.hasOwn(commands, name) || Object.hasOwn(mathCommands, name)) return k;
  if (Object.hasOwn(diacritics, name)) return argumentEnd(s, k);
  if (Object.hasOwn(argumentCommands, name)) {
    for (let arity = argumentCommands[name].length; arity > 0; arity--) {
      let q = k;
      while (q < s.length && isSpace(s.charCodeAt(q))) q++;
      if (s.charCodeAt(q) !== CH_LBRACE) break;
      k = groupEnd(s, q);
    }
  }
  return k;
}

/** The one argument of an accent: a group, a command, math, or the rest of the word. */
function argumentEnd(s: string, k: number): number {
  if (k >= s.length) return k;
  const c = s.charCodeAt(k);
  if (c === CH_LBRACE) return groupEnd(s, k);
  if (c === CH_BACKSLASH) return commandEnd(s, k);
  if (c === CH_DOLLAR) return mathEnd(s, k);
  let q = k;
  while (q < s.length && !/[{$}\s~\\]/.test(s[q])) q++;
  return q;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
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

// ---------------------------------------------------------------------------------------------
// Mapping to PaperRecord.

const VENUE_FIELDS = ['journal', 'journaltitle', 'booktitle', 'eventtitle'];
const PUBLISHER_FIELDS = ['publisher', 'institution', 'school', 'organization', 'howpublished'];
const LOOKS_LIKE_URL = /^(?:https?:\/\/|www\.)\S+$/i;

function toRecord(entry: RawEntry, f: Record<string, string>, file: string, d: LatexDecoder): PaperRecord {
  let title = d.text(f.title) ?? '';
  const subtitle = d.text(f.subtitle);
  if (subtitle) title = title ? `${title}: ${subtitle}` : subtitle;

  let url = d.verbatim(f.url);
  let venue: string | undefined;
  for (const name of VENUE_FIELDS) {
    venue = d.text(f[name]);
    if (venue) break;
  }
  if (!venue) {
    for (const name of PUBLISHER_FIELDS) {
      const value = d.text(f[name]);
      if (value && LOOKS_LIKE_URL.test(value)) {
        url ??= value; // howpublished = {\url{...}}
      } else if (value) {
        venue = value;
        break;
      }
    }
  }

  const rawDoi = d.verbatim(f.doi);
  const doi = normalizeDoi(rawDoi) ?? (url && /doi\.org\//i.test(url) ? normalizeDoi(url) : undefined);
  const eprint = d.verbatim(f.eprint);
  const eprintType = `${f.eprinttype ?? ''} ${f.archiveprefix ?? ''}`;
  const arxiv =
    (eprint && /arxiv/i.test(eprintType) ? extractArxivId(eprint, { bare: true }) : undefined) ??
    extractArxivId(d.verbatim(f.arxiv) ?? d.verbatim(f.arxivid), { bare: true }) ??
    extractArxivId(eprint) ??
    extractArxivId(url) ??
    extractArxivId(rawDoi) ??
    extractArxivId(f.journal) ??
    extractArxivId(f.journaltitle) ??
    extractArxivId(f.note) ??
    extractArxivId(f.howpublished);

  const record: PaperRecord = {
    id: entry.key,
    key: entry.key,
    title,
    authors: d.authors(f.author),
    origin: { kind: 'bibtex', file, line: entry.line },
    inBibliography: true,
    type: entry.type,
  };
  const year = parseYear(f.year) ?? parseYear(f.date);
  if (year !== undefined) record.year = year;
  if (venue) record.venue = venue;
  const abstract = d.text(f.abstract);
  if (abstract) record.abstract = abstract;
  if (doi) record.doi = doi;
  if (arxiv) record.arxiv = arxiv;
  if (url) record.url = url;
  return record;
}

/** `2020`, `{2020}`, `2020a`, BibLaTeX dates `2020-05-01`, `2019/2020`. */
function parseYear(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /(?:^|[^\d])(\d{4})(?!\d)/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

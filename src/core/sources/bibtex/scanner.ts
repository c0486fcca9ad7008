// The BibTeX file scanner: text -> raw entries and located errors, in one pass. A broken entry
// costs only itself: reading resumes at the next line that starts an entry.
import { defaultStrings } from '@citation-js/plugin-bibtex/lib/input/constants.js';
import type { SourceError } from '../../model';
import { AT, COMMA, DQUOTE, EQUALS, HASH, LBRACE, LPAREN, NL, PERCENT, RBRACE, RPAREN, isSpace } from '../../text/charCodes';

/** One entry as written: lower-case field names -> raw values (macros expanded, LaTeX kept). */
export interface RawEntry {
  type: string;
  key: string;
  line: number;
  fields: Record<string, string>;
}

/** 1-based line numbers of offsets in a text, by binary search over its line starts (found once). */
class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  lineAt(pos: number): number {
    const { text } = this;
    if (!this.starts) {
      this.starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    const starts = this.starts;
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

// Lines that start an entry: where the scanner resynchronises after a broken entry, and how it
// tells an entry from an "@" in free text or in a value that ran on past its end.

/**
 * `@type{` or `@type(` at the start of a line (after optional blanks): where we resynchronise. The
 * type is any the scanner reads (`@web_page{`, `@newspaper_article{` of Mendeley and Zotero).
 */
const ENTRY_AT_LINE_START = /[ \t]*@[ \t]*[A-Za-z_][\w:+-]*[ \t]*[{(]/y;

/** True when `pos` (a line start, possibly blank-indented) begins `@type{` / `@type(`. */
function isEntryStart(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  if (c !== AT && c !== 32 && c !== 9) return false;
  ENTRY_AT_LINE_START.lastIndex = pos;
  return ENTRY_AT_LINE_START.test(text);
}

function skipToAt(text: string, lineStart: number): number {
  const at = text.indexOf('@', lineStart);
  return at < 0 ? text.length : at;
}

/** The `@` of the next line that starts an entry, after `from`; the end of the text if none. */
function nextEntryLine(text: string, from: number): number {
  let nl = text.indexOf('\n', from);
  while (nl >= 0) {
    if (isEntryStart(text, nl + 1)) return skipToAt(text, nl + 1);
    nl = text.indexOf('\n', nl + 1);
  }
  return text.length;
}

/** Only blanks between the start of the line and `at`. */
function atLineStart(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === NL) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

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

const TYPE_NAME = /[A-Za-z_][\w:+-]*/y;
/** Field names: anything up to a separator (BibLaTeX allows `author+an`, `date-parts`...). */
const FIELD_NAME = /[^\s=,{}()"#%@]+/y;
const ENTRY_KEY = /[^\s,{}()"#=%]+/y;
const NUMBER = /\d+/y;
/** C0 controls but tab and line ends, DEL, and C1 controls: never text. */
const CONTROL_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;
const CONTROL_CHARS_ALL = new RegExp(CONTROL_CHARS.source, 'g');
/** A value that runs on over `field = ...` lines. */
const SWALLOWED_FIELD = /\n\s*[A-Za-z][\w:+-]*\s*=\s*["{\d\w]/;
/** After an entry: text that looks like more fields means an extra `}` closed it early. */
const LOOKS_LIKE_FIELDS = /^\s*(?:[,}]|[A-Za-z][\w:+-]*\s*=\s*["{\d\w])/;

/**
 * Text -> RawEntry[] in one pass, each problem pushed to `errors` with its line. A broken entry
 * costs only itself: reading resumes at the next line that starts an entry.
 */
export class BibScanner {
  private pos = 0;
  private readonly lines: LineIndex;
  private readonly macros: Record<string, string>;
  /** The `@string` macros this text defines (lower-case names). */
  readonly defined: Record<string, string> = Object.create(null);
  /**
   * Every entry key read, with the 1-based line of its `@`, broken entries' included (the first
   * occurrence wins): a key a new entry must not reuse even while its entry does not parse.
   */
  readonly keys = new Map<string, number>();
  /** The key of the entry being read, for its errors. */
  private entryKey: string | undefined;
  private readonly undefinedMacros = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly errors: SourceError[],
    /** Macros defined before this text (the earlier .bib files of a bibliography). */
    strings: Record<string, string> = {},
  ) {
    this.lines = new LineIndex(text);
    this.macros = Object.assign(Object.create(null), defaultStrings, strings);
  }

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
        if (c === NL) {
          blankSoFar = true;
          commented = false;
        } else if (c === PERCENT) {
          commented = true;
          blankSoFar = false;
        } else if (c !== 32 && c !== 9 && c !== 13) {
          blankSoFar = false;
        }
      }
      junkFrom = at;
      this.pos = at + 1;
      if (commented) continue; // `% @misc{...}`: commented out, as Biber and editors understand it
      this.entryKey = undefined;
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
        const key = this.entryKey;
        this.errors.push({ file: this.file, line: this.lines.lineAt(e.pos), message: e.message, ...(key ? { key } : {}) });
        this.pos = e.resume ?? nextEntryLine(text, e.pos);
      }
      junkFrom = this.pos;
      blankSoFar = atLineStart(text, this.pos);
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
    if (open !== LBRACE && open !== LPAREN) {
      if (atLineStart) throw new EntryError(`expected "{" after "@${type}"`, this.pos);
      return 'junk';
    }
    this.pos++;
    const close = open === LBRACE ? RBRACE : RPAREN;
    const kind = type.toLowerCase();
    if (kind === 'comment' || kind === 'preamble') {
      this.skipGroup(close);
      return 'consumed';
    }
    if (kind === 'string') {
      const fields: Record<string, string> = Object.create(null);
      this.readFields(fields, close, '@string', at);
      for (const name in fields) this.macros[name] = this.defined[name] = fields[name]!;
      return 'consumed';
    }
    this.skipBlanksAndComments();
    const key = this.match(ENTRY_KEY) ?? '';
    this.entryKey = key || undefined;
    this.skipBlanksAndComments();
    const c = text.charCodeAt(this.pos);
    if (key === '' || c === EQUALS) {
      throw new EntryError(`@${type} entry without a key`, key === '' ? this.pos : at);
    }
    const line = this.lines.lineAt(at);
    if (!this.keys.has(key)) this.keys.set(key, line);
    const fields: Record<string, string> = Object.create(null);
    if (c === close) {
      this.pos++;
    } else if (c === COMMA) {
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
      if (c === AT && isEntryStart(text, this.pos)) {
        const detail = `missing "${closeChar}" before the next entry (line ${this.lines.lineAt(this.pos)})`;
        throw this.unclosed(what, at, last, detail, this.pos);
      }
      const name = this.match(FIELD_NAME);
      if (!name) throw this.unexpected(`in ${what}`, `a field name or "${closeChar}"`);
      const pos = this.pos - name.length;
      this.skipBlanksAndComments();
      if (text.charCodeAt(this.pos) !== EQUALS) throw this.unexpected(`after field "${name}" in ${what}`, '"="');
      this.pos++;
      let value = this.readValue(name, what, close);
      if (CONTROL_CHARS.test(value)) value = this.withoutControls(value, name, what, pos);
      last = { name, pos, value };
      const lower = name.toLowerCase();
      if (!(lower in fields)) fields[lower] = value; // BibTeX keeps the first of repeated fields
      this.skipBlanksAndComments();
      const after = text.charCodeAt(this.pos);
      if (after === COMMA) {
        this.pos++;
      } else if (after !== close) {
        if (this.pos >= text.length || (after === AT && isEntryStart(text, this.pos))) continue; // reported above
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
      if (c === LBRACE || c === DQUOTE) {
        value += this.readDelimited(c, field, what);
      } else if (c >= 48 && c <= 57) {
        value += this.match(NUMBER);
      } else {
        const at = this.pos;
        const name = c === close ? undefined : this.match(FIELD_NAME);
        if (!name) throw this.unexpected(`for field "${field}" in ${what}`, 'a value');
        const macro = this.macros[name.toLowerCase()];
        if (macro === undefined) this.undefinedMacro(name, field, what, at);
        value += macro ?? '';
      }
      this.skipBlanksAndComments();
      if (text.charCodeAt(this.pos) !== HASH) return value;
      this.pos++;
    }
  }

  /** A braced or quoted value, without its outer delimiters. */
  private readDelimited(open: number, field: string, what: string): string {
    const { text } = this;
    const start = this.pos;
    let depth = open === LBRACE ? 1 : 0;
    let i = start + 1;
    const n = text.length;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LBRACE) {
        depth++;
      } else if (c === RBRACE) {
        depth--;
        if (depth === 0 && open === LBRACE) break;
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
      } else if (c === DQUOTE && open === DQUOTE && depth === 0) {
        break;
      } else if (c === NL && isEntryStart(text, i + 1)) {
        const opener = open === LBRACE ? '"{"' : 'quote';
        throw new EntryError(
          `unbalanced braces in ${what}: the ${opener} opening field "${field}" is not closed before the next entry (line ${this.lines.lineAt(i + 1)})`,
          start,
          skipToAt(text, i + 1),
        );
      }
    }
    if (i >= n) {
      const opener = open === LBRACE ? '"{"' : 'quote';
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
    const open = close === RBRACE ? LBRACE : LPAREN;
    let depth = 1;
    let firstEntry = -1;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.pos = i + 1;
        return;
      } else if (c === NL && firstEntry < 0 && isEntryStart(text, i + 1)) {
        firstEntry = i + 1;
      }
    }
    this.pos = firstEntry < 0 ? text.length : firstEntry;
  }

  /** BibTeX reads an undefined macro as empty and warns: so do we, once per macro, at its first use. */
  private undefinedMacro(name: string, field: string, what: string, pos: number): void {
    const lower = name.toLowerCase();
    if (this.undefinedMacros.has(lower)) return;
    this.undefinedMacros.add(lower);
    this.errors.push({
      file: this.file,
      line: this.lines.lineAt(pos),
      message: `undefined @string macro "${name}" in field "${field}" of ${what}: read as empty (define it with @string, or brace the value: {${name}})`,
      severity: 'warning',
      ...(this.entryKey ? { key: this.entryKey } : {}),
    });
  }

  /** A value without its control characters (a NUL from a broken export), with a warning. */
  private withoutControls(value: string, field: string, what: string, pos: number): string {
    const found = [...new Set(value.match(CONTROL_CHARS_ALL))].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    this.errors.push({
      file: this.file,
      line: this.lines.lineAt(pos),
      message: `control character${found.length > 1 ? 's' : ''} ${found.join(', ')} in field "${field}" of ${what}: removed`,
      severity: 'warning',
      ...(this.entryKey ? { key: this.entryKey } : {}),
    });
    return value.replace(CONTROL_CHARS_ALL, '');
  }

  /** Reports text after an entry that looks like more of its fields (an extra `}` closed it early). */
  private checkTrailingText(entry: RawEntry, from: number, to: number): void {
    const junk = this.text.slice(from, Math.min(to, from + 200));
    if (!LOOKS_LIKE_FIELDS.test(junk)) return;
    this.errors.push({
      file: this.file,
      line: this.lines.lineAt(from + junk.search(/\S/)),
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
      if (text.charCodeAt(this.pos) !== PERCENT) return;
      const eol = text.indexOf('\n', this.pos);
      this.pos = eol < 0 ? text.length : eol + 1;
    }
  }
}

/**
 * Citation text to insert into a draft: a new `\cite{...}` / `[@...]`, or keys added to the
 * citation group the cursor is already in.
 */

export type CitationFormat = 'latex' | 'markdown';

export type CiteCommand = 'cite' | 'citep' | 'citet' | 'parencite' | 'autocite' | 'textcite';

export interface CitationOptions {
  /**
   * LaTeX command; default `cite`, which works with plain BibTeX, natbib and biblatex alike.
   * In Markdown, `citet` / `textcite` give narrative citations (`@a`) and the others `[@a]`.
   */
  command?: CiteCommand | string;
}

/** A replacement of `[start, end)` (UTF-16 offsets into the document) by `text`. */
export interface CitationEdit {
  start: number;
  end: number;
  text: string;
}

/** A citation group as found in the document: its full text and where it starts. */
export interface CitationGroup {
  /** E.g. `\citep[p.~3]{a, b}` or `[see @a; @b, p. 3]`. */
  text: string;
  /** Offset of the group's first character in the document. */
  start: number;
}

/** Pandoc's bare key syntax; other keys need the `@{...}` form. */
const PANDOC_BARE_KEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u;
/** A command name as a draft writes it: letters, maybe a star (`citep`, `Citet`, `citep*`). */
const LATEX_COMMAND = /^[A-Za-z]+\*?$/;
/** Characters a LaTeX citation key cannot contain. */
const BAD_LATEX_KEY = /[\s,{}%\\]/;

/** Trims keys, drops empty ones and repeats, keeping the first occurrence's order. */
function uniqueKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.map((k) => k.trim()).filter((k) => k !== ''))];
}

function checkLatexKey(key: string): void {
  if (BAD_LATEX_KEY.test(key)) {
    throw new RangeError(`citationText: key ${JSON.stringify(key)} cannot be cited in LaTeX`);
  }
}

/** `@key`, or `@{key}` when the key has characters pandoc's bare syntax does not allow. */
function pandocKey(key: string): string {
  return PANDOC_BARE_KEY.test(key) ? `@${key}` : `@{${key}}`;
}

/**
 * A citation of `keys`, repeats dropped.
 * `citationText(['a', 'b'], 'latex', {command: 'citep'})` gives `\citep{a, b}`;
 * `citationText(['a', 'b'], 'markdown')` gives `[@a; @b]`. Throws on an empty key list.
 */
export function citationText(keys: readonly string[], format: CitationFormat, opts: CitationOptions = {}): string {
  const list = uniqueKeys(keys);
  if (list.length === 0) throw new RangeError('citationText: no keys to cite');
  const command = opts.command ?? 'cite';
  if (format === 'latex') {
    if (!LATEX_COMMAND.test(command)) throw new RangeError(`citationText: ${JSON.stringify(command)} is not a LaTeX command name`);
    list.forEach(checkLatexKey);
    return `\\${command}{${list.join(', ')}}`;
  }
  const cited = list.map(pandocKey);
  if (command === 'citet' || command === 'textcite') return cited.join(', ');
  return `[${cited.join('; ')}]`;
}

/**
 * Keys cited by a group's text. LaTeX: every key in its brace arguments (`\cites{a}{b, c}`);
 * Markdown: every `@key` / `@{key}` (also author-suppressed `-@key`), not e-mail addresses.
 */
export function keysInGroup(text: string, format: CitationFormat): string[] {
  const keys: string[] = [];
  if (format === 'latex') {
    for (const arg of braceArguments(text)) {
      const inner = text.slice(arg.open + 1, arg.close ?? text.length);
      for (const k of inner.split(',')) if (k.trim() !== '') keys.push(k.trim());
    }
    return keys;
  }
  const re = /(?<![\p{L}\p{N}_])@(?:\{([^{}]*)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*))/gu;
  for (const m of text.matchAll(re)) keys.push(m[1] ?? m[2] ?? '');
  return keys;
}

/** Brace arguments after the command name, skipping `[...]` / `(...)` optional arguments. */
function braceArguments(text: string): { open: number; close: number | undefined }[] {
  const m = /^\\[A-Za-z]+\*?/.exec(text);
  if (!m) throw new RangeError(`mergeIntoCitation: not a LaTeX citation: ${JSON.stringify(text.slice(0, 40))}`);
  const args: { open: number; close: number | undefined }[] = [];
  let i = m[0].length;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '[' || c === '(') {
      const close = matching(text, i, c, c === '[' ? ']' : ')');
      if (close === undefined) break;
      i = close + 1;
    } else if (c === '{') {
      const close = matching(text, i, '{', '}');
      args.push({ open: i, close });
      if (close === undefined) break;
      i = close + 1;
    } else {
      break;
    }
  }
  return args;
}

/** Index of the bracket closing the one at `open`, nesting-aware; undefined when unclosed. */
function matching(text: string, open: number, o: string, c: string): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === o) {
      depth++;
    } else if (text[i] === c) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/**
 * The edit that adds `keys` to an existing citation group instead of nesting a new command in it:
 * `, key` before the closing brace of the (last) key argument in LaTeX, `; @key` before the
 * closing bracket in Markdown. Keys already in the group, and repeats, are skipped; returns
 * `undefined` when nothing is left to add. An unclosed group (`\cite{a` while typing) gets the
 * keys at its end.
 *
 * `mergeIntoCitation({text: '\\citep[p.~3]{a}', start: 100}, ['b'], 'latex')` gives
 * `{start: 114, end: 114, text: ', b'}`.
 *
 * Throws (prefix `mergeIntoCitation:`) when `group.text` is not a citation group of that format:
 * a LaTeX group must start with a command and have a brace argument; a Markdown group must be a
 * bracketed citation (`[@a]`; a bare narrative `@a` cannot take more keys).
 */
export function mergeIntoCitation(group: CitationGroup, keys: readonly string[], format: CitationFormat): CitationEdit | undefined {
  const { text, start } = group;
  const present = new Set(keysInGroup(text, format));
  const added = uniqueKeys(keys).filter((k) => !present.has(k));
  let at: number;
  let hasKeys: boolean;
  let before: string;
  if (format === 'latex') {
    added.forEach(checkLatexKey);
    const args = braceArguments(text);
    const last = args[args.length - 1];
    if (!last) throw new RangeError(`mergeIntoCitation: no {keys} argument in ${JSON.stringify(text)}`);
    at = last.close ?? text.length;
    before = text.slice(last.open + 1, at);
    hasKeys = before.trim() !== '';
  } else {
    if (!text.startsWith('[')) {
      throw new RangeError(`mergeIntoCitation: not a bracketed pandoc citation: ${JSON.stringify(text.slice(0, 40))}`);
    }
    const close = matching(text, 0, '[', ']');
    at = close ?? text.length;
    before = text.slice(1, at);
    hasKeys = present.size > 0;
    if (!hasKeys && before.trim() !== '') {
      throw new RangeError(`mergeIntoCitation: no @key in ${JSON.stringify(text.slice(0, 40))}`);
    }
  }
  if (added.length === 0) return undefined;
  const sep = format === 'latex' ? ',' : ';';
  const items = format === 'latex' ? added : added.map(pandocKey);
  const trimmed = before.trimEnd();
  let insert: string;
  if (!hasKeys && trimmed === '') {
    insert = items.join(`${sep} `);
  } else if (trimmed.endsWith(sep)) {
    // `\cite{a, }` or `[@a; ]`: the separator is already there.
    insert = (before.endsWith(' ') ? '' : ' ') + items.join(`${sep} `);
  } else {
    insert = `${sep} ` + items.join(`${sep} `);
  }
  return { start: start + at, end: start + at, text: insert };
}

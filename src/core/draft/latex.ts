/**
 * A hand-written, single-pass LaTeX scanner: citations, sections, paragraphs (as plain text),
 * title, abstract, bibliographies and included files. Linear in the length of the text and
 * tolerant of everything a user can leave half-typed: it never throws.
 *
 * The entry points. The scanner is in ./latex/: scanner.ts dispatches on characters and commands,
 * output.ts collects paragraphs and the rest, reader.ts reads arguments and groups, commands.ts
 * says what each command means, and citations.ts, files.ts, definitions.ts read those commands.
 */
import { BACKSLASH, PERCENT } from '../text/charCodes';
import { isLatexKeyChar } from './latex/citations';
import { readName } from './latex/reader';
import { readCite } from './latex/citations';
import { LatexReader } from './latex/reader';
import { LatexScanner } from './latex/scanner';
import type { ScannedDraft } from './types';

export interface LatexScanOptions {
  /**
   * Zero-argument macros, name (no backslash) -> plain-text expansion. Expanded in the text;
   * `\newcommand{\x}{...}`-style definitions found while scanning are added to the map, so one
   * map carried across `\input` files lets the sections use the root's macros.
   */
  macros?: Map<string, string>;
}

/**
 * Scans a LaTeX document (a root file with a preamble, or an `\input` fragment).
 * @example scanLatex('\\section{Intro}\nAs shown by \\citet{doe99}.').citations[0].key // 'doe99'
 */
export function scanLatex(text: string, options: LatexScanOptions = {}): ScannedDraft {
  const s = new LatexScanner(text, 0, text.length, options.macros ?? new Map(), 0);
  s.preamble = findUncommented(text, '\\begin{document}') >= 0;
  s.run();
  return s.result();
}

/** Where a citation key is being typed, as found by {@link latexCiteAt}. */
export interface LatexOpenCite {
  /** Start and end of the key under the cursor (the end extends past the cursor over key characters). */
  keyStart: number;
  keyEnd: number;
  /** The other keys of the same cite command. */
  existingKeys: string[];
}

/**
 * If `offset` is where a key of a cite command is being typed (right after `{` or a comma of the
 * key group, or inside / at the end of a key), returns the key range and the command's other keys.
 * Undefined inside optional arguments, comments, or outside any cite command.
 * @example latexCiteAt('\\citep[p.~3]{doe, ro', 20) // { keyStart: 18, keyEnd: 20, existingKeys: ['doe'] }
 */
export function latexCiteAt(text: string, offset: number): LatexOpenCite | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (let k = lineStart; k < offset; k++) {
    const c = text.charCodeAt(k);
    if (c === BACKSLASH) k++;
    else if (c === PERCENT) return undefined;
  }
  // Scan from the start of the paragraph up to the cursor, as if the text ended there.
  const upTo = new LatexScanner(text, paragraphStartBefore(text, lineStart), offset, new Map(), 0);
  upTo.contextMode = true;
  upTo.run();
  const open = upTo.openCite;
  if (!open) return undefined;
  let keyEnd = offset;
  while (keyEnd < text.length && isLatexKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
  // The whole command in the full text, for the keys after the cursor too.
  const name = readName(text, open.command + 1, text.length);
  const full = readCite(new LatexReader(text, text.length), open.command, name, open.command + 1 + name.length);
  const existingKeys = full ? full.refs.filter((c) => c.start !== open.keyStart).map((c) => c.key) : [];
  return { keyStart: open.keyStart, keyEnd, existingKeys };
}

/** Index of `needle` outside comments (a `%` earlier on its line), or -1. */
function findUncommented(text: string, needle: string): number {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    let commented = false;
    for (let k = ls; k < at; k++) {
      const c = text.charCodeAt(k);
      if (c === BACKSLASH) k++;
      else if (c === PERCENT) { commented = true; break; }
    }
    if (!commented) return at;
  }
  return -1;
}

/** Start of the line after the last blank line before `lineStart` (looking back at most ~16k chars). */
function paragraphStartBefore(text: string, lineStart: number): number {
  let pos = lineStart;
  while (pos > 0 && lineStart - pos < 16000) {
    const prev = text.lastIndexOf('\n', pos - 2) + 1;
    if (text.slice(prev, pos - 1).trim() === '') return pos;
    pos = prev;
  }
  return pos;
}

/**
 * A hand-written, single-pass LaTeX scanner: citations, sections, paragraphs (as plain text),
 * title, abstract, bibliographies and included files. Linear in the length of the text and
 * tolerant of everything a user can leave half-typed: it never throws.
 */
import type { CitationRef, ParagraphInfo, ScannedDraft, SectionInfo } from './types';

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
    if (c === BSL) k++;
    else if (c === PCT) return undefined;
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
  const full = new LatexScanner(text, open.command, text.length, new Map(), 0);
  const name = readName(text, open.command + 1, text.length);
  full.cite(open.command, name, open.command + 1 + name.length);
  const existingKeys = full.citations.filter((c) => c.start !== open.keyStart).map((c) => c.key);
  return { keyStart: open.keyStart, keyEnd, existingKeys };
}

/** The cite command (its backslash) and key start found by a context scan. */
interface OpenCite {
  command: number;
  keyStart: number;
}

// ---------------------------------------------------------------------------------------------
// Shared with the Markdown scanner (internal to src/core/draft).

/** @internal Collapses whitespace, tidies the spaces left around removed citations, drops empty `()` / `[]`. */
export function cleanText(s: string): string {
  let out = '';
  let seg = -1; // start of the pending run of non-space characters
  let space = false; // whitespace seen since the last character written
  let last = 0; // last character written
  const n = s.length;
  for (let k = 0; k <= n; k++) {
    const c = k < n ? s.charCodeAt(k) : 32;
    if (!isSpace(c)) {
      if (seg < 0) {
        seg = k;
        if (space && out !== '') {
          // "text ." -> "text.", "( x" -> "(x", "x )" -> "x)"
          const tight = last === LPAREN || last === LBRACK || c === RPAREN || c === RBRACK
            || (TIGHT_BEFORE[c] === 1 && (k + 1 >= n || isSpace(s.charCodeAt(k + 1))));
          if (!tight) out += ' ';
        }
        space = false;
      }
      continue;
    }
    if (seg >= 0) {
      out += s.slice(seg, k);
      last = s.charCodeAt(k - 1);
      seg = -1;
    }
    space = true;
  }
  if (out.includes('()') || out.includes('[]')) out = cleanText(out.replace(/\(\)|\[\]/g, ' '));
  return out;
}

const TIGHT_BEFORE = new Uint8Array(128);
for (const c of '.,;:!?') TIGHT_BEFORE[c.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** @internal True when the plain text has at least one letter or digit (else the block is not prose). */
export function hasWords(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s);
}

/** @internal Sets each section's end to the start of the next section of the same or a higher level. */
export function closeSections(sections: SectionInfo[], textEnd: number): void {
  const open: SectionInfo[] = [];
  for (const s of sections) {
    while (open.length > 0 && open[open.length - 1].level >= s.level) open.pop()!.end = s.start;
    open.push(s);
  }
  for (const s of open) s.end = textEnd;
}

// ---------------------------------------------------------------------------------------------

const NL = 10, CR = 13, SP = 32, TAB = 9, BSL = 92, PCT = 37, LBRACE = 123, RBRACE = 125;
const LBRACK = 91, RBRACK = 93, DOLLAR = 36, COMMA = 44, STAR = 42, TILDE = 126, DASH = 45;
const BACKTICK = 96, QUOTE = 39, LPAREN = 40, RPAREN = 41;

const SPECIAL = new Uint8Array(128);
for (const c of '\\{}%$~\n-`\'') SPECIAL[c.charCodeAt(0)] = 1;

const enum Mode { Normal, Suppress, Capture }

interface Frame {
  brace: boolean;
  /** Environment name (env frames). */
  env: string;
  mode: Mode;
  buf: string[] | null;
  onClose: ((text: string) => void) | null;
  abstract: boolean;
}

const SECTION_LEVELS: Record<string, number> = {
  part: 0, chapter: 1, section: 2, subsection: 3, subsubsection: 4, paragraph: 5, subparagraph: 6,
};

const CITE_COMMANDS = new Set([
  'cite', 'citep', 'citet', 'citealp', 'citealt', 'citeauthor', 'citeyear', 'citeyearpar', 'Citep', 'Citet',
  'Citealp', 'Citealt', 'Citeauthor', 'parencite', 'Parencite', 'textcite', 'Textcite', 'autocite', 'Autocite',
  'footcite', 'footcitetext', 'smartcite', 'Smartcite', 'supercite', 'nocite', 'fullcite', 'footfullcite',
  'cites', 'Cites', 'parencites', 'Parencites', 'textcites', 'Textcites', 'autocites', 'Autocites',
  'footcites', 'smartcites', 'supercites', 'citetitle', 'citeurl', 'citedate', 'citenum', 'citeA', 'citeN',
  'shortcite', 'shortciteA', 'citeasnoun', 'possessivecite', 'Cite', 'citen', 'citeposs', 'citetalias',
  'citepalias', 'newcite', 'volcite', 'pvolcite', 'fvolcite', 'tvolcite', 'avolcite',
]);
/** Names that contain "cite" but are not citation commands. */
const NOT_CITE = new Set(['setcitestyle', 'citestyle', 'bibliographystyle', 'citeindexfalse', 'citeindextrue']);

function isCiteCommand(name: string): boolean {
  if (CITE_COMMANDS.has(name)) return true;
  return (name.includes('cite') || name.includes('Cite')) && !NOT_CITE.has(name) && !name.startsWith('set') && name.length < 20;
}

/** Environments whose content is not read at all. */
const VERBATIM_ENVS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment', 'alltt', 'filecontents', 'filecontents*']);

/** Environments whose text is not prose (floats, tables, display math, ...). */
const SUPPRESS_ENVS = new Set([
  'figure', 'figure*', 'table', 'table*', 'tabular', 'tabular*', 'tabularx', 'tabulary', 'longtable', 'array',
  'algorithm', 'algorithm*', 'algorithmic', 'algorithm2e', 'equation', 'equation*', 'align', 'align*',
  'alignat', 'alignat*', 'gather', 'gather*', 'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray',
  'eqnarray*', 'displaymath', 'math', 'split', 'tikzpicture', 'picture', 'thebibliography', 'wrapfigure',
  'wraptable', 'subfigure', 'SCfigure', 'sidewaystable', 'sidewaysfigure', 'lstlisting', 'tcolorbox',
]);

/** Mandatory arguments to skip after `\begin{env}` (not prose). */
const ENV_ARGS: Record<string, number> = { minipage: 1, multicols: 1, tabularx: 2, wrapfigure: 2, subfigure: 1 };

/** Commands whose arguments are not prose: number of mandatory arguments to drop. */
const DROP_ARGS: Record<string, number> = {
  label: 1, ref: 1, cref: 1, Cref: 1, eqref: 1, autoref: 1, Autoref: 1, pageref: 1, nameref: 1, vref: 1,
  cpageref: 1, crefrange: 2, url: 1, href: 1, includegraphics: 1, vspace: 1, hspace: 1, bibliographystyle: 1,
  usepackage: 1, RequirePackage: 1, documentclass: 1, pagestyle: 1, thispagestyle: 1, setlength: 2,
  addtolength: 2, setcounter: 2, addtocounter: 2, color: 1, textcolor: 1, colorbox: 1, fcolorbox: 2,
  definecolor: 3, hypersetup: 1, author: 1, date: 1, affiliation: 1, affil: 1, address: 1, email: 1,
  thanks: 1, institute: 1, keywords: 1, graphicspath: 1, captionsetup: 1, newenvironment: 3,
  renewenvironment: 3, setcitestyle: 1, bibitem: 1, fontsize: 2, linespread: 1, newtheorem: 2, crefname: 3,
  Crefname: 3, newcounter: 1, newlength: 1, settowidth: 2, raisebox: 1, rule: 2, resizebox: 2, scalebox: 1,
  hyphenation: 1, pdfinfo: 1, orcid: 1, aclpaperid: 1, icmltitlerunning: 1, runningtitle: 1, shorttitle: 1,
  setuptodonotes: 1, DeclareMathOperator: 2, let: 2, includeonly: 1, externaldocument: 1, tikzset: 1,
  pgfplotsset: 1, lstset: 1, sisetup: 1, geometry: 1, titleformat: 5, titlespacing: 4, DeclareMathAlphabet: 5,
  SetMathAlphabet: 6, DeclareMathSymbol: 4, DeclareSymbolFont: 5, DeclareFontFamily: 3, DeclareFontShape: 6,
  newcolumntype: 2, setcopyright: 1, copyrightyear: 1, acmYear: 1, acmDOI: 1, acmISBN: 1,
  acmConference: 3, acmBooktitle: 1, acmPrice: 1, ccsdesc: 1, received: 1,
};
/** Commands whose argument is prose set apart from the surrounding sentence. */
const ASIDE = new Set(['footnote', 'footnotetext', 'marginpar', 'sidenote']);
/** URL-like arguments: `%` and `#` are literal. */
const URL_ARGS = new Set(['url', 'href']);

const SYMBOLS: Record<string, string> = {
  ss: 'ß', i: 'ı', j: 'ȷ', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł',
  L: 'Ł', ldots: '…', dots: '…', textellipsis: '…', LaTeX: 'LaTeX', TeX: 'TeX', LaTeXe: 'LaTeX2e',
  BibTeX: 'BibTeX', textendash: '–', textemdash: '—', textquoteright: '’', textquoteleft: '‘',
  textquotedblleft: '“', textquotedblright: '”', S: '§', P: '¶', copyright: '©', textcopyright: '©',
  texttrademark: '™', textregistered: '®', textasciitilde: '~', textbackslash: '\\', textbar: '|',
  textless: '<', textgreater: '>', euro: '€', EUR: '€', pounds: '£', textdegree: '°', textbullet: '•',
  dag: '†', ddag: '‡', textunderscore: '_', textasciicircum: '^', quad: ' ', qquad: ' ', enspace: ' ',
  item: ' ', newline: ' ', linebreak: ' ', space: ' ', and: ' ', AND: ' ', And: ' ', times: '×',
};

/** Accent commands -> combining character. */
const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};

const INCLUDE_1 = new Set(['input', 'include', 'subfile', 'InputIfFileExists']);
const INCLUDE_2 = new Set(['import', 'subimport', 'inputfrom', 'includefrom', 'subinputfrom', 'subincludefrom']);
const BIB_LIST = new Set(['bibliography', 'nobibliography']);
const BIB_RESOURCE = new Set(['addbibresource', 'addglobalbib', 'addsectionbib']);
const NEWCOMMAND = new Set(['newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand']);
const DEF = new Set(['def', 'gdef', 'edef', 'xdef']);
const NEWDOCCMD = new Set(['NewDocumentCommand', 'RenewDocumentCommand', 'ProvideDocumentCommand', 'DeclareDocumentCommand']);

/** True for a character that may be part of a LaTeX citation key. */
function isLatexKeyChar(c: number): boolean {
  return c > 32 && c !== COMMA && c !== LBRACE && c !== RBRACE && c !== PCT && c !== BSL && c !== 0x7f;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isHSpace(c: number): boolean {
  return c === SP || c === TAB || c === CR;
}
function readName(t: string, k: number, end: number): string {
  let e = k;
  while (e < end && isLetter(t.charCodeAt(e))) e++;
  return t.slice(k, e);
}

/** Index of `needle` outside comments (a `%` earlier on its line), or -1. */
function findUncommented(text: string, needle: string): number {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const ls = text.lastIndexOf('\n', at - 1) + 1;
    let commented = false;
    for (let k = ls; k < at; k++) {
      const c = text.charCodeAt(k);
      if (c === BSL) k++;
      else if (c === PCT) { commented = true; break; }
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

class LatexScanner {
  preamble = false;
  contextMode = false;
  openCite: OpenCite | undefined;
  citations: CitationRef[] = [];

  private i: number;
  private stopped = false;
  private readonly frames: Frame[] = [];
  private baseMode = Mode.Normal;
  private readonly baseBuf: string[] = [];
  private paraStart = -1;
  private paraEnd = -1;
  private paraParts: string[] = [];
  private paraCites: CitationRef[] = [];
  private abstractDepth = 0;
  private abstractParts: string[] = [];
  private title: string | undefined;
  private abstract: string | undefined;
  private readonly sections: SectionInfo[] = [];
  private readonly paragraphs: ParagraphInfo[] = [];
  private readonly bibliographies: string[] = [];
  private readonly includes: string[] = [];

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly macros: Map<string, string>,
    private readonly depth: number,
  ) {
    this.i = start;
  }

  result(): ScannedDraft {
    closeSections(this.sections, this.text.length);
    const d: ScannedDraft = {
      format: 'latex',
      sections: this.sections,
      paragraphs: this.paragraphs,
      citations: this.citations,
      bibliographies: this.bibliographies,
      includes: this.includes,
    };
    if (this.title) d.title = this.title;
    if (this.abstract) d.abstract = this.abstract;
    return d;
  }

  /** Plain text of `text[start, end)` (used for macro bodies). */
  private plain(start: number, end: number): string {
    if (this.depth > 4) return '';
    const s = new LatexScanner(this.text, start, end, this.macros, this.depth + 1);
    s.baseMode = Mode.Capture;
    s.run();
    return cleanText(s.baseBuf.join(''));
  }

  run(): void {
    const t = this.text;
    const end = this.end;
    while (this.i < end && !this.stopped) {
      const i = this.i;
      const c = t.charCodeAt(i);
      if (c >= 128 || !SPECIAL[c]) {
        let j = i + 1;
        while (j < end) {
          const d = t.charCodeAt(j);
          if (d < 128 && SPECIAL[d]) break;
          j++;
        }
        this.emit(t.slice(i, j));
        this.touchTrimmed(i, j);
        this.i = j;
        continue;
      }
      switch (c) {
        case BSL:
          this.i = this.command(i);
          break;
        case PCT: {
          const nl = t.indexOf('\n', i);
          this.i = nl < 0 || nl > end ? end : nl;
          break;
        }
        case LBRACE: {
          this.pushGroup(null);
          this.touch(i, i + 1);
          this.i = i + 1;
          break;
        }
        case RBRACE: {
          const top = this.top();
          this.touch(i, i + 1);
          if (top && top.brace) this.closeFrame(this.frames.pop()!);
          this.i = i + 1;
          break;
        }
        case DOLLAR: {
          const display = t.charCodeAt(i + 1) === DOLLAR;
          const e = this.skipMath(i + (display ? 2 : 1), display ? '$$' : '$');
          this.emit(' ');
          this.touch(i, e);
          this.i = e;
          break;
        }
        case TILDE:
          this.emit(' ');
          this.touch(i, i + 1);
          this.i = i + 1;
          break;
        case NL:
          this.i = this.newline(i);
          break;
        case DASH: {
          let j = i + 1;
          while (j < end && t.charCodeAt(j) === DASH) j++;
          this.emit(j - i === 1 ? '-' : j - i === 2 ? '–' : '—');
          this.touch(i, j);
          this.i = j;
          break;
        }
        case BACKTICK: {
          const two = t.charCodeAt(i + 1) === BACKTICK;
          this.emit(two ? '“' : '‘');
          this.touch(i, i + (two ? 2 : 1));
          this.i = i + (two ? 2 : 1);
          break;
        }
        case QUOTE: {
          const two = t.charCodeAt(i + 1) === QUOTE;
          this.emit(two ? '”' : "'");
          this.touch(i, i + (two ? 2 : 1));
          this.i = i + (two ? 2 : 1);
          break;
        }
        default:
          this.i = i + 1;
      }
    }
    this.finish();
  }

  private finish(): void {
    while (this.frames.length > 0) this.closeFrame(this.frames.pop()!);
    this.flushParagraph();
  }

  // -------------------------------------------------------------------------------------------
  // Output

  private top(): Frame | undefined {
    return this.frames.length > 0 ? this.frames[this.frames.length - 1] : undefined;
  }

  private mode(): Mode {
    const top = this.top();
    return top ? top.mode : this.baseMode;
  }

  private emit(s: string): void {
    const top = this.top();
    const mode = top ? top.mode : this.baseMode;
    if (mode === Mode.Capture) {
      (top ? top.buf! : this.baseBuf).push(s);
      return;
    }
    if (mode === Mode.Suppress) return;
    if (this.abstractDepth > 0) this.abstractParts.push(s);
    if (!this.preamble) this.paraParts.push(s);
  }

  /** Marks `[a, b)` as content of the current paragraph (extends its span). */
  private touch(a: number, b: number): void {
    if (this.preamble || this.mode() !== Mode.Normal) return;
    if (this.paraStart < 0) this.paraStart = a;
    this.paraEnd = b;
  }

  private touchTrimmed(a: number, b: number): void {
    const t = this.text;
    while (a < b && isHSpace(t.charCodeAt(a))) a++;
    while (b > a && isHSpace(t.charCodeAt(b - 1))) b--;
    if (a < b) this.touch(a, b);
  }

  private flushParagraph(): void {
    if (this.paraStart >= 0) {
      const text = cleanText(this.paraParts.join(''));
      if (hasWords(text)) {
        this.paragraphs.push({
          start: this.paraStart, end: this.paraEnd, text, section: this.sections.length - 1, citations: this.paraCites,
        });
      }
    }
    this.paraStart = this.paraEnd = -1;
    this.paraParts = [];
    this.paraCites = [];
  }

  private closeFrame(f: Frame): void {
    if (f.onClose) f.onClose(f.mode === Mode.Capture && f.buf ? cleanText(f.buf.join('')) : '');
    if (f.abstract) {
      this.abstractDepth--;
      this.flushParagraph();
      if (this.abstractDepth === 0) {
        const a = cleanText(this.abstractParts.join(''));
        if (a) this.abstract = this.abstract ? `${this.abstract} ${a}` : a;
        this.abstractParts = [];
      }
    }
  }

  /** A `{` group: inherits the mode (and capture buffer) of the enclosing frame. */
  private pushGroup(onClose: (() => void) | null): void {
    const top = this.top();
    const buf = top ? top.buf : this.baseMode === Mode.Capture ? this.baseBuf : null;
    this.frames.push({ brace: true, env: '', mode: top ? top.mode : this.baseMode, buf, onClose, abstract: false });
  }

  private pushCapture(onClose: (text: string) => void): void {
    this.frames.push({ brace: true, env: '', mode: Mode.Capture, buf: [], onClose, abstract: false });
  }

  // -------------------------------------------------------------------------------------------
  // Lexical helpers (all stop at a blank line, which ends a paragraph, or at the end)

  /** Is there a blank line right after the newline at `k`? */
  private blankAfter(k: number): boolean {
    const t = this.text;
    let m = k + 1;
    while (m < this.end && isHSpace(t.charCodeAt(m))) m++;
    return m < this.end && t.charCodeAt(m) === NL;
  }

  /** Skips spaces, single newlines and comments; stops at the newline that starts a blank line. */
  private skipSpace(k: number): number {
    const t = this.text;
    const end = this.end;
    while (k < end) {
      const c = t.charCodeAt(k);
      if (isHSpace(c)) k++;
      else if (c === NL) {
        if (this.blankAfter(k)) return k;
        k++;
      } else if (c === PCT) {
        const nl = t.indexOf('\n', k);
        k = nl < 0 || nl > end ? end : nl;
      } else break;
    }
    return k;
  }

  /** At `[`: index of the matching `]` (brace-aware), or -1 (then `this.stop` is where it gave up). */
  private stop = 0;
  private findOptClose(k: number): number {
    const t = this.text;
    const end = this.end;
    let depth = 0;
    for (let q = k + 1; q < end; q++) {
      const c = t.charCodeAt(q);
      if (c === BSL) q++;
      else if (c === LBRACE) depth++;
      else if (c === RBRACE) depth = Math.max(0, depth - 1);
      else if (c === RBRACK && depth === 0) return q;
      else if (c === PCT) {
        const nl = t.indexOf('\n', q);
        q = (nl < 0 || nl > end ? end : nl) - 1;
      } else if (c === NL && this.blankAfter(q)) {
        this.stop = q;
        return -1;
      }
    }
    this.stop = end;
    return -1;
  }

  /** At `{`: index after the matching `}`, or where it gave up (a blank line or the end). */
  private matchBrace(k: number, url = false): number {
    const t = this.text;
    const end = this.end;
    let depth = 0;
    for (let q = k; q < end; q++) {
      const c = t.charCodeAt(q);
      if (c === BSL) q++;
      else if (c === LBRACE) depth++;
      else if (c === RBRACE) {
        if (--depth === 0) return q + 1;
      } else if (c === PCT && !url) {
        const nl = t.indexOf('\n', q);
        q = (nl < 0 || nl > end ? end : nl) - 1;
      } else if (c === NL && this.blankAfter(q)) return q;
    }
    return end;
  }

  /** Skips math up to its closing delimiter (or a blank line); returns where to resume. */
  private skipMath(k: number, close: '$' | '$$' | ')' | ']'): number {
    const t = this.text;
    const end = this.end;
    let depth = 0; // `$` inside `\text{...}` in math is nested math, not the end
    while (k < end) {
      const c = t.charCodeAt(k);
      if (c === LBRACE) {
        depth++;
        k++;
      } else if (c === RBRACE) {
        if (depth > 0) depth--;
        k++;
      } else if (c === BSL) {
        const d = t.charCodeAt(k + 1);
        if ((close === ')' && d === RPAREN) || (close === ']' && d === RBRACK)) return k + 2;
        k += 2;
      } else if (c === DOLLAR && depth > 0) {
        k++;
      } else if (c === DOLLAR) {
        if (close === '$') return k + 1;
        if (close === '$$') {
          if (t.charCodeAt(k + 1) === DOLLAR) return k + 2;
        }
        k++;
      } else if (c === PCT) {
        const nl = t.indexOf('\n', k);
        k = nl < 0 || nl > end ? end : nl;
      } else if (c === NL && this.blankAfter(k)) return k;
      else k++;
    }
    return end;
  }

  /** Raw text of a `{...}` argument at `k` (or undefined if there is none / it is unclosed). */
  private rawArg(k: number): { value: string; end: number } | undefined {
    const p = this.skipSpace(k);
    if (p >= this.end || this.text.charCodeAt(p) !== LBRACE) return undefined;
    const e = this.matchBrace(p);
    if (this.text.charCodeAt(e - 1) !== RBRACE || e <= p + 1) return undefined;
    return { value: this.text.slice(p + 1, e - 1), end: e };
  }

  /** Skips a `*`, then optional `[...]` args and `n` mandatory args; returns where to resume. */
  private skipArgs(k: number, n: number, url = false, adjacentOnly = false): number {
    const t = this.text;
    if (t.charCodeAt(k) === STAR) k++;
    for (let a = 0; ; ) {
      const p = adjacentOnly ? k : this.skipSpace(k);
      if (p >= this.end) return k;
      const c = t.charCodeAt(p);
      if (c === LBRACK) {
        const q = this.findOptClose(p);
        if (q < 0) return this.stop;
        k = q + 1;
        continue;
      }
      if (a >= n) return k;
      if (c === LBRACE) k = this.matchBrace(p, url);
      else if (c === BSL) k = p + 1 + Math.max(1, readName(t, p + 1, this.end).length);
      else return k;
      a++;
      adjacentOnly = false;
    }
  }

  /** At the newline `k`: a paragraph break if a blank line follows (comment-only lines are transparent, as in TeX). */
  private newline(k: number): number {
    const t = this.text;
    const end = this.end;
    let j = k + 1;
    let blank = false;
    for (;;) {
      let m = j;
      while (m < end && isHSpace(t.charCodeAt(m))) m++;
      if (m >= end) {
        j = m;
        break;
      }
      const c = t.charCodeAt(m);
      if (c === NL) {
        blank = true;
        j = m + 1;
      } else if (c === PCT) {
        const nl = t.indexOf('\n', m);
        if (nl < 0 || nl >= end) {
          j = end;
          break;
        }
        j = nl + 1;
      } else {
        j = m;
        break;
      }
    }
    if (blank) this.paragraphBreak();
    else this.emit(' ');
    return j;
  }

  /** A blank line: closes unfinished brace groups (a typo must not swallow the document) and the paragraph. */
  private paragraphBreak(): void {
    while (this.frames.length > 0 && this.frames[this.frames.length - 1].brace) this.closeFrame(this.frames.pop()!);
    this.flushParagraph();
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  /** At a backslash: handles the command, returns where to resume. */
  private command(i: number): number {
    const t = this.text;
    const end = this.end;
    if (i + 1 >= end) return end;
    const c = t.charCodeAt(i + 1);
    if (!isLetter(c)) return this.controlSymbol(i, c);
    const name = readName(t, i + 1, end);
    const k = i + 1 + name.length;

    if (isCiteCommand(name)) return this.cite(i, name, k);
    const level = SECTION_LEVELS[name];
    if (level !== undefined && !this.preamble && this.depth === 0) return this.section(i, level, k);
    switch (name) {
      case 'begin':
        return this.begin(i, k);
      case 'end':
        return this.endEnv(i, k);
      case 'title':
        return this.captureArg(i, k, (s) => { if (s) this.title = s; });
      case 'abstract':
        return this.captureArg(i, k, (s) => { if (s) this.abstract = s; });
      case 'par':
        this.flushParagraph();
        return k;
      case 'verb':
      case 'lstinline':
      case 'mintinline':
        return this.inlineVerbatim(i, name, k);
      case 'iffalse':
        return this.skipIfFalse(k);
    }
    if (INCLUDE_1.has(name)) return this.include1(i, name, k);
    if (INCLUDE_2.has(name)) {
      const dir = this.rawArg(k);
      const file = dir && this.rawArg(dir.end);
      if (!dir || !file) return dir ? dir.end : k;
      const d = dir.value.trim();
      this.includes.push(d === '' || d.endsWith('/') ? d + file.value.trim() : `${d}/${file.value.trim()}`);
      return file.end;
    }
    if (BIB_LIST.has(name) || BIB_RESOURCE.has(name)) {
      const p = BIB_RESOURCE.has(name) ? this.skipArgs(k, 0) : k;
      const arg = this.rawArg(p);
      if (!arg) return p;
      const names = BIB_LIST.has(name) ? arg.value.split(',') : [arg.value];
      for (const n of names) if (n.trim()) this.bibliographies.push(n.trim());
      return arg.end;
    }
    if (NEWCOMMAND.has(name) || DEF.has(name) || NEWDOCCMD.has(name)) return this.define(name, k);

    const macro = this.macros.get(name);
    if (macro !== undefined) {
      this.emit(macro);
      this.touch(i, k);
      return k;
    }
    const drop = DROP_ARGS[name];
    if (drop !== undefined) {
      const e = this.skipArgs(k, drop, URL_ARGS.has(name));
      this.touch(i, e);
      return e;
    }
    if (ASIDE.has(name)) {
      const p = this.skipArgs(k, 0);
      this.emit(' ');
      this.touch(i, p);
      if (p < this.end && this.text.charCodeAt(p) === LBRACE) {
        this.pushGroup(() => this.emit(' '));
        return p + 1;
      }
      return p;
    }
    const accent = ACCENTS[name];
    if (accent !== undefined) {
      const e = this.accent(k, accent, true);
      if (e > 0) return e;
    }
    const sym = SYMBOLS[name];
    if (sym !== undefined) {
      this.emit(sym);
      this.touch(i, k);
      // `\item[label]`, `\\newline`: the optional argument is not prose.
      return name === 'item' ? this.skipArgs(k, 0, false, true) : k;
    }
    // An unknown command: drop it, keep its arguments' text (\emph{x}, \textsc{BERT}, \footnote{...}).
    const e = this.skipArgs(k, 0, false, true);
    this.touch(i, e);
    return e;
  }

  private controlSymbol(i: number, c: number): number {
    const ch = String.fromCharCode(c);
    switch (ch) {
      case '\\': {
        this.emit(' ');
        const e = this.skipArgs(i + 2, 0, false, true);
        this.touch(i, e);
        return e;
      }
      case '(':
      case '[': {
        const e = this.skipMath(i + 2, ch === '(' ? ')' : ']');
        this.emit(' ');
        this.touch(i, e);
        return e;
      }
      case '%': case '&': case '$': case '#': case '_': case '{': case '}':
        this.emit(ch);
        break;
      case ' ': case ',': case ';': case ':': case '>': case '\n': case '\t':
        this.emit(' ');
        break;
      case '!': case '/': case '-': case '@':
        break;
      default: {
        const accent = ACCENTS[ch];
        if (accent !== undefined) {
          const e = this.accent(i + 2, accent, false);
          if (e > 0) return e;
        }
      }
    }
    this.touch(i, i + 2);
    return i + 2;
  }

  /** `\'e`, `\'{e}`, `\c{c}`, `\"\i`: emits the accented letter; returns where to resume, or -1. */
  private accent(k: number, combining: string, letterCommand: boolean): number {
    const t = this.text;
    let p = k;
    if (letterCommand) {
      if (t.charCodeAt(p) !== LBRACE && !isHSpace(t.charCodeAt(p))) return -1;
    }
    while (p < this.end && isHSpace(t.charCodeAt(p))) p++;
    let base = '';
    let e = -1;
    const braced = t.charCodeAt(p) === LBRACE;
    const q = braced ? p + 1 : p;
    if (t.charCodeAt(q) === BSL && (t[q + 1] === 'i' || t[q + 1] === 'j') && !isLetter(t.charCodeAt(q + 2))) {
      base = t[q + 1];
      e = q + 2;
    } else if (q < this.end && isLetter(t.charCodeAt(q))) {
      base = t[q];
      e = q + 1;
    }
    if (!base) return -1;
    if (braced) {
      while (e < this.end && isHSpace(t.charCodeAt(e))) e++;
      if (t.charCodeAt(e) !== RBRACE) return -1;
      e++;
    }
    this.emit((base + combining).normalize('NFC'));
    this.touch(k - 2, e);
    return e;
  }

  cite(cmdStart: number, name: string, k: number): number {
    const t = this.text;
    const end = this.end;
    if (t.charCodeAt(k) === STAR) k++;
    const multi = name.endsWith('cites');
    const refs: CitationRef[] = [];
    let resume = k;
    let groupEnd = k;
    if (multi) {
      // Global (pre)(post) notes of biblatex multicite commands.
      for (let n = 0; n < 2; n++) {
        const p = this.skipSpace(k);
        if (t.charCodeAt(p) !== LPAREN) break;
        const q = t.indexOf(')', p);
        if (q < 0 || q >= end) return end;
        k = resume = groupEnd = q + 1;
      }
    }
    for (;;) {
      let p = this.skipSpace(k);
      let opts = 0;
      let optEnd = k;
      while (opts < 2 && p < end && t.charCodeAt(p) === LBRACK) {
        const q = this.findOptClose(p);
        if (q < 0) {
          // Unfinished optional argument: skip it, no keys.
          return this.recordCites(refs, cmdStart, refs.length > 0 ? resume : this.stop, groupEnd);
        }
        optEnd = q + 1;
        p = this.skipSpace(optEnd);
        opts++;
      }
      if (p >= end || t.charCodeAt(p) !== LBRACE) {
        if (refs.length === 0 && opts > 0) resume = optEnd;
        break;
      }
      const g = this.keyGroup(p, cmdStart, name, refs);
      resume = g.resume;
      groupEnd = g.end;
      if (!g.closed || !multi) break;
      k = g.resume;
    }
    return this.recordCites(refs, cmdStart, resume, groupEnd);
  }

  private recordCites(refs: CitationRef[], cmdStart: number, resume: number, groupEnd: number): number {
    const inPara = !this.preamble && this.mode() === Mode.Normal;
    for (const r of refs) {
      r.group.end = groupEnd;
      this.citations.push(r);
      if (inPara) this.paraCites.push(r);
    }
    this.touch(cmdStart, Math.max(groupEnd, cmdStart + 1));
    return resume;
  }

  /** Parses `{a, b}` at `p`; adds refs; returns where to resume and whether the group closed. */
  private keyGroup(p: number, cmdStart: number, name: string, refs: CitationRef[]): { resume: number; closed: boolean; end: number } {
    const t = this.text;
    const end = this.end;
    let q = p + 1;
    let last: CitationRef | undefined;
    let lastEnd = q;
    for (;;) {
      q = this.skipSpace(q);
      if (q >= end) {
        if (this.contextMode && !this.openCite) {
          if (last && last.end === end) this.openCite = { command: cmdStart, keyStart: last.start };
          else if (!last) this.openCite = { command: cmdStart, keyStart: end };
        }
        if (last) last.incomplete = true;
        return { resume: end, closed: false, end: lastEnd };
      }
      const c = t.charCodeAt(q);
      if (c === RBRACE) return { resume: q + 1, closed: true, end: q + 1 };
      if (c === COMMA) {
        last = undefined;
        lastEnd = ++q;
        continue;
      }
      if (c === NL || last || !isLatexKeyChar(c)) {
        // A blank line or text that cannot be a key: the group was left unfinished.
        if (last) last.incomplete = true;
        return { resume: c === NL ? q : lastEnd, closed: false, end: lastEnd };
      }
      const ks = q;
      while (q < end && isLatexKeyChar(t.charCodeAt(q))) q++;
      const key = t.slice(ks, q);
      last = { key, start: ks, end: q, command: name, incomplete: false, group: { start: cmdStart, end: q } };
      if (!(name === 'nocite' && key === '*')) refs.push(last);
      lastEnd = q;
    }
  }

  private section(i: number, level: number, k: number): number {
    this.flushParagraph();
    const t = this.text;
    if (t.charCodeAt(k) === STAR) k++;
    let p = this.skipSpace(k);
    if (t.charCodeAt(p) === LBRACK) {
      const q = this.findOptClose(p);
      if (q >= 0) {
        k = q + 1;
        p = this.skipSpace(k);
      }
    }
    const sec: SectionInfo = { start: i, end: this.text.length, title: '', level };
    this.sections.push(sec);
    if (p < this.end && t.charCodeAt(p) === LBRACE) {
      this.pushCapture((s) => { sec.title = s; });
      return p + 1;
    }
    return k;
  }

  /** `\title[short]{...}`: captures the plain text of the mandatory argument. */
  private captureArg(i: number, k: number, onClose: (s: string) => void): number {
    const t = this.text;
    let p = this.skipSpace(k);
    if (t.charCodeAt(p) === LBRACK) {
      const q = this.findOptClose(p);
      if (q < 0) return this.stop;
      p = this.skipSpace(q + 1);
    }
    if (p >= this.end || t.charCodeAt(p) !== LBRACE) {
      this.touch(i, k);
      return k;
    }
    this.pushCapture(onClose);
    return p + 1;
  }

  private envName(k: number): { name: string; end: number } | undefined {
    const t = this.text;
    const p = this.skipSpace(k);
    if (p >= this.end || t.charCodeAt(p) !== LBRACE) return undefined;
    let q = p + 1;
    while (q < this.end && q - p < 64) {
      const c = t.charCodeAt(q);
      if (c === RBRACE) return { name: t.slice(p + 1, q).trim(), end: q + 1 };
      if (c === NL || c === LBRACE || c === BSL) return undefined;
      q++;
    }
    return undefined;
  }

  private begin(i: number, k: number): number {
    const env = this.envName(k);
    if (!env) return k;
    const { name } = env;
    const t = this.text;
    let q = env.end;
    if (name === 'document') {
      this.preamble = false;
      this.flushParagraph();
      return q;
    }
    if (VERBATIM_ENVS.has(name)) {
      const e = t.indexOf(`\\end{${name}}`, q);
      return e < 0 || e >= this.end ? this.end : e + name.length + 6;
    }
    const top = this.top();
    const inherited = top ? top.mode : this.baseMode;
    const buf = top ? top.buf : this.baseMode === Mode.Capture ? this.baseBuf : null;
    if (name === 'abstract') {
      this.flushParagraph();
      this.abstractDepth++;
      this.frames.push({ brace: false, env: name, mode: inherited, buf, onClose: null, abstract: true });
      return q;
    }
    const suppress = SUPPRESS_ENVS.has(name);
    if (!suppress) this.touch(i, q);
    this.frames.push({ brace: false, env: name, mode: suppress ? Mode.Suppress : inherited, buf, onClose: null, abstract: false });
    q = this.skipArgs(q, ENV_ARGS[name] ?? 0, false, !ENV_ARGS[name]);
    return q;
  }

  private endEnv(i: number, k: number): number {
    const env = this.envName(k);
    if (!env) return k;
    if (env.name === 'document' && this.depth === 0) {
      this.stopped = true;
      return env.end;
    }
    let idx = this.frames.length - 1;
    while (idx >= 0 && (this.frames[idx].brace || this.frames[idx].env !== env.name)) idx--;
    if (idx < 0) return env.end;
    while (this.frames.length > idx) this.closeFrame(this.frames.pop()!);
    this.touch(i, env.end);
    return env.end;
  }

  private include1(i: number, name: string, k: number): number {
    const t = this.text;
    const arg = this.rawArg(k);
    if (arg) {
      if (arg.value.trim()) this.includes.push(arg.value.trim());
      return arg.end;
    }
    // TeX primitive syntax: `\input file.tex`.
    if (name === 'input' && isHSpace(t.charCodeAt(k))) {
      let p = k;
      while (p < this.end && isHSpace(t.charCodeAt(p))) p++;
      let q = p;
      while (q < this.end && t.charCodeAt(q) > SP && t.charCodeAt(q) !== BSL && t.charCodeAt(q) !== PCT && t.charCodeAt(q) !== RBRACE) q++;
      if (q > p) {
        this.includes.push(t.slice(p, q));
        return q;
      }
    }
    this.touch(i, k);
    return k;
  }

  /** `\newcommand{\x}[n][d]{body}`, `\def\x{body}`, `\NewDocumentCommand{\x}{spec}{body}`. */
  private define(kind: string, k: number): number {
    const t = this.text;
    if (t.charCodeAt(k) === STAR) k++;
    let p = this.skipSpace(k);
    let macro = '';
    if (t.charCodeAt(p) === LBRACE) {
      const arg = this.rawArg(p);
      if (!arg) return k;
      const m = /^\s*\\([A-Za-z]+)\s*$/.exec(arg.value);
      macro = m ? m[1] : '';
      p = arg.end;
    } else if (t.charCodeAt(p) === BSL) {
      macro = readName(t, p + 1, this.end);
      p += 1 + Math.max(1, macro.length);
    } else return k;
    let args = false;
    if (DEF.has(kind)) {
      // Parameter text up to the body: `\def\x#1#2{...}`.
      let q = p;
      while (q < this.end && q - p < 64 && t.charCodeAt(q) !== LBRACE && t.charCodeAt(q) !== NL) q++;
      args = t.slice(p, q).includes('#');
      p = q;
    } else if (NEWDOCCMD.has(kind)) {
      const spec = this.rawArg(p);
      if (!spec) return p;
      args = spec.value.trim() !== '';
      p = spec.end;
    } else {
      let q = this.skipSpace(p);
      for (let n = 0; n < 2 && t.charCodeAt(q) === LBRACK; n++) {
        const c = this.findOptClose(q);
        if (c < 0) return this.stop;
        if (n === 0 && Number(t.slice(q + 1, c).trim()) > 0) args = true;
        p = c + 1;
        q = this.skipSpace(p);
      }
    }
    const b = this.skipSpace(p);
    if (b >= this.end || t.charCodeAt(b) !== LBRACE) return p;
    const bodyEnd = this.matchBrace(b);
    if (t.charCodeAt(bodyEnd - 1) !== RBRACE) return bodyEnd;
    if (macro && !args && bodyEnd - b < 400 && !(kind === 'providecommand' && this.macros.has(macro))) {
      const body = this.plain(b + 1, bodyEnd - 1);
      if (body.length <= 80) this.macros.set(macro, body);
    }
    return bodyEnd;
  }

  /** `\verb|x|`, `\lstinline{x}`, `\mintinline{lang}{x}`: the code is kept as text (often a tool name). */
  private inlineVerbatim(i: number, name: string, k: number): number {
    const t = this.text;
    let p = k;
    if (name === 'verb' && t.charCodeAt(p) === STAR) p++;
    if (name !== 'verb') {
      if (t.charCodeAt(p) === LBRACK) {
        const q = this.findOptClose(p);
        if (q < 0) return this.stop;
        p = q + 1;
      }
      if (name === 'mintinline') {
        const lang = this.rawArg(p);
        if (!lang) return p;
        p = lang.end;
      }
    }
    if (p >= this.end) return this.end;
    const d = t[p];
    if (isLetter(d.charCodeAt(0)) || d.charCodeAt(0) <= SP) return p;
    const close = d === '{' ? '}' : d;
    let nl = t.indexOf('\n', p + 1);
    if (nl < 0 || nl > this.end) nl = this.end;
    let q = t.indexOf(close, p + 1);
    if (q < 0 || q > nl) q = nl;
    this.emit(t.slice(p + 1, q));
    this.touch(i, Math.min(q + 1, this.end));
    return q < nl ? q + 1 : q;
  }

  /** `\iffalse ... \fi` (nesting-aware): skipped. */
  private skipIfFalse(k: number): number {
    const t = this.text;
    const end = this.end;
    let depth = 1;
    let q = k;
    while (q < end) {
      const c = t.charCodeAt(q);
      if (c === PCT) {
        const nl = t.indexOf('\n', q);
        q = nl < 0 || nl > end ? end : nl;
      } else if (c === BSL) {
        const name = readName(t, q + 1, end);
        if (name === 'fi') {
          if (--depth === 0) return q + 3;
        } else if (name.startsWith('if') && name !== 'iff') depth++;
        q += 1 + Math.max(1, name.length);
      } else q++;
    }
    return end;
  }
}

// The scanner proper: one pass over the text, copying plain runs and dispatching on each special
// character and command. What a command means comes from ./commands and the readers of its
// arguments (./citations, ./files, ./definitions); the text it yields goes to LatexOutput.
import type { SectionInfo } from '../types';
import { BACKSLASH, BACKTICK, DASH, DOLLAR, LBRACE, LBRACK, NL, PERCENT, RBRACE, SP, SQUOTE, STAR, TILDE, isHSpace, isLetter } from '../../text/charCodes';
import { readName } from './reader';
import { readCite, type OpenCite } from './citations';
import {
  ACCENTS, ASIDE, BIB_LIST, BIB_RESOURCE, DEF, DROP_ARGS, ENV_ARGS, INCLUDE_1, INCLUDE_2, NEWCOMMAND, NEWDOCCMD,
  SECTION_LEVELS, SUPPRESS_ENVS, SYMBOLS, URL_ARGS, VERBATIM_ENVS, isCiteCommand,
} from './commands';
import { readDefinition } from './definitions';
import { readBibliographies, readImport, readInclude } from './files';
import { LatexOutput, Mode } from './output';
import { cleanText } from '../assemble';

/** Characters the scanner must look at; runs of any others are copied as text in one slice. */
export const SPECIAL = new Uint8Array(128);
for (const c of '\\{}%$~\n-`\'') SPECIAL[c.charCodeAt(0)] = 1;

/** One scan of `text[start, end)`; {@link LatexScanner.result} once {@link LatexScanner.run} returns. */
export class LatexScanner extends LatexOutput {
  contextMode = false;
  openCite: OpenCite | undefined;

  private i: number;
  private stopped = false;

  constructor(
    text: string,
    start: number,
    end: number,
    private readonly macros: Map<string, string>,
    private readonly depth: number,
  ) {
    super(text, end);
    this.i = start;
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
        case BACKSLASH:
          this.i = this.command(i);
          break;
        case PERCENT: {
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
          this.touch(i, i + 1);
          this.closeGroup();
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
        case BACKTICK:
          this.i = this.quote(i, BACKTICK, '‘', '“');
          break;
        case SQUOTE:
          this.i = this.quote(i, SQUOTE, "'", '”');
          break;
        default:
          this.i = i + 1;
      }
    }
    this.finish();
  }

  /** At the newline `k`: a paragraph break if a blank line follows (comment-only lines are transparent, as in TeX). */
  /** A quote mark at `i`, or a pair of them (`` or ''), as its typographic character; returns where scanning resumes. */
  private quote(i: number, mark: number, single: string, pair: string): number {
    const end = this.text.charCodeAt(i + 1) === mark ? i + 2 : i + 1;
    this.emit(end === i + 2 ? pair : single);
    this.touch(i, end);
    return end;
  }

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
      } else if (c === PERCENT) {
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
    if (INCLUDE_1.has(name)) {
      const inc = readInclude(this, name, k);
      if (!inc) {
        this.touch(i, k);
        return k;
      }
      this.includes.push(...inc.names);
      return inc.end;
    }
    if (INCLUDE_2.has(name)) {
      const imp = readImport(this, k);
      this.includes.push(...imp.names);
      return imp.end;
    }
    if (BIB_LIST.has(name) || BIB_RESOURCE.has(name)) {
      const bib = readBibliographies(this, name, k);
      this.bibliographies.push(...bib.names);
      return bib.end;
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
    if (t.charCodeAt(q) === BACKSLASH && (t[q + 1] === 'i' || t[q + 1] === 'j') && !isLetter(t.charCodeAt(q + 2))) {
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

  /** A cite command: its keys are citations, and citations of the paragraph where it is prose. */
  private cite(cmdStart: number, name: string, k: number): number {
    const c = readCite(this, cmdStart, name, k);
    if (!c) return this.end;
    if (this.contextMode && !this.openCite) this.openCite = c.open;
    this.addCitations(c.refs);
    this.touch(cmdStart, Math.max(c.groupEnd, cmdStart + 1));
    return c.resume;
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
    if (name === 'abstract') {
      this.pushAbstract();
      return q;
    }
    const suppress = SUPPRESS_ENVS.has(name);
    if (!suppress) this.touch(i, q);
    this.pushEnv(name, suppress);
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
    if (!this.closeEnv(env.name)) return env.end;
    this.touch(i, env.end);
    return env.end;
  }

  /** `\newcommand` and the like: a macro without arguments is remembered with its body as plain text. */
  private define(kind: string, k: number): number {
    const d = readDefinition(this, kind, k);
    if (d.macro && !(kind === 'providecommand' && this.macros.has(d.macro))) {
      const body = this.plain(d.bodyStart, d.end - 1);
      if (body.length <= 80) this.macros.set(d.macro, body);
    }
    return d.end;
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
}

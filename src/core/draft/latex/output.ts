// Where the scanned text goes. Every `{` group and environment is a frame whose mode decides what
// becomes of the text emitted inside it: paragraph prose (Normal), nothing (Suppress: floats,
// math), or a buffer of its own (Capture: a section title). The paragraph under way, the abstract
// and everything the scan collects live here; the scanner only reads commands and emits.
import type { CitationRef, ParagraphInfo, ScannedDraft, SectionInfo } from '../types';
import { isHSpace } from '../../text/charCodes';
import { cleanText, closeSections, hasWords } from '../assemble';
import { LatexReader } from './reader';

export const enum Mode { Normal, Suppress, Capture }

interface Frame {
  brace: boolean;
  /** Environment name (env frames). */
  env: string;
  mode: Mode;
  buf: string[] | null;
  onClose: ((text: string) => void) | null;
  abstract: boolean;
}

export class LatexOutput extends LatexReader {
  /** Before `\begin{document}`: nothing is prose. */
  preamble = false;
  protected title: string | undefined;
  protected abstract: string | undefined;
  protected readonly sections: SectionInfo[] = [];
  protected readonly bibliographies: string[] = [];
  protected readonly includes: string[] = [];
  /** Capture when the whole text is read for its plain text (a macro body). */
  protected baseMode = Mode.Normal;
  protected readonly baseBuf: string[] = [];

  private readonly citations: CitationRef[] = [];
  private readonly frames: Frame[] = [];
  private paraStart = -1;
  private paraEnd = -1;
  private paraParts: string[] = [];
  private paraCites: CitationRef[] = [];
  private abstractDepth = 0;
  private abstractParts: string[] = [];
  private readonly paragraphs: ParagraphInfo[] = [];

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

  private top(): Frame | undefined {
    return this.frames.length > 0 ? this.frames[this.frames.length - 1] : undefined;
  }

  private mode(): Mode {
    const top = this.top();
    return top ? top.mode : this.baseMode;
  }

  protected emit(s: string): void {
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
  protected touch(a: number, b: number): void {
    if (this.preamble || this.mode() !== Mode.Normal) return;
    if (this.paraStart < 0) this.paraStart = a;
    this.paraEnd = b;
  }

  protected touchTrimmed(a: number, b: number): void {
    const t = this.text;
    while (a < b && isHSpace(t.charCodeAt(a))) a++;
    while (b > a && isHSpace(t.charCodeAt(b - 1))) b--;
    if (a < b) this.touch(a, b);
  }

  /** The keys of one cite command; they also belong to the paragraph when the command is in prose. */
  protected addCitations(refs: CitationRef[]): void {
    const inPara = !this.preamble && this.mode() === Mode.Normal;
    for (const r of refs) {
      this.citations.push(r);
      if (inPara) this.paraCites.push(r);
    }
  }

  protected flushParagraph(): void {
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

  /** A blank line: closes unfinished brace groups (a typo must not swallow the document) and the paragraph. */
  protected paragraphBreak(): void {
    while (this.frames.length > 0 && this.frames[this.frames.length - 1].brace) this.closeFrame(this.frames.pop()!);
    this.flushParagraph();
  }

  /** The end of the text: whatever is still open is closed. */
  protected finish(): void {
    while (this.frames.length > 0) this.closeFrame(this.frames.pop()!);
    this.flushParagraph();
  }

  /** A `{` group: inherits the mode (and capture buffer) of the enclosing frame. */
  protected pushGroup(onClose: (() => void) | null): void {
    this.pushInheriting(true, '', false, onClose, false);
  }

  /** A `{` group whose plain text goes to `onClose` instead of the paragraph. */
  protected pushCapture(onClose: (text: string) => void): void {
    this.frames.push({ brace: true, env: '', mode: Mode.Capture, buf: [], onClose, abstract: false });
  }

  /** A `}`: closes the innermost frame if it is a group (a stray `}` in an environment is ignored). */
  protected closeGroup(): void {
    const top = this.top();
    if (top && top.brace) this.closeFrame(this.frames.pop()!);
  }

  /** `\begin{name}`: an environment frame, suppressed or inheriting its mode like a group. */
  protected pushEnv(name: string, suppress: boolean): void {
    this.pushInheriting(false, name, suppress, null, false);
  }

  /** `\begin{abstract}`: its text is prose and also the abstract. */
  protected pushAbstract(): void {
    this.flushParagraph();
    this.abstractDepth++;
    this.pushInheriting(false, 'abstract', false, null, true);
  }

  /** `\end{name}`: closes that environment and what is still open inside it; false if it is not open. */
  protected closeEnv(name: string): boolean {
    let idx = this.frames.length - 1;
    while (idx >= 0 && (this.frames[idx].brace || this.frames[idx].env !== name)) idx--;
    if (idx < 0) return false;
    while (this.frames.length > idx) this.closeFrame(this.frames.pop()!);
    return true;
  }

  private pushInheriting(brace: boolean, env: string, suppress: boolean, onClose: (() => void) | null, abstract: boolean): void {
    const top = this.top();
    const buf = top ? top.buf : this.baseMode === Mode.Capture ? this.baseBuf : null;
    const mode = suppress ? Mode.Suppress : top ? top.mode : this.baseMode;
    this.frames.push({ brace, env, mode, buf, onClose, abstract });
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
}

/**
 * The entry points of draft scanning: format detection, scanning, a draft's prose, lookups by
 * offset and the citation-completion context. Pure functions over strings and offsets (no `vscode`).
 */
import { latexCiteAt, scanLatex } from './latex';
import { cleanText, hasWords } from './assemble';
import { markdownCiteAt, scanMarkdown } from './markdown';
import type { DraftFormat, ParagraphInfo, ScannedDraft, SectionInfo } from './types';

/**
 * Scans a draft in the given format ('text': paragraphs separated by blank lines, no citations).
 * @example scanDraft('\\cite{a}', 'latex').citations[0].key // 'a'
 */
export function scanDraft(text: string, format: DraftFormat): ScannedDraft {
  if (format === 'latex') return scanLatex(text);
  if (format === 'markdown') return scanMarkdown(text);
  return scanPlain(text);
}

/**
 * The prose of a piece of draft text, markup removed: what queries are built from.
 * Falls back to the raw text when scanning finds no paragraph (a fragment of a command, say).
 */
export function plainTextOf(text: string, format: DraftFormat): string {
  if (format === 'text') return text;
  const draft = scanDraft(text, format);
  const prose = [draft.title, draft.abstract, ...draft.paragraphs.map((p) => p.text)].filter(Boolean).join('\n');
  return prose.trim() ? prose : text;
}

/**
 * The format of a draft from its file name, else from its content.
 * @example detectFormat('paper.qmd') // 'markdown'
 */
export function detectFormat(fileName: string, text?: string): DraftFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1].toLowerCase();
  if (ext && ['tex', 'latex', 'ltx', 'sty', 'cls', 'dtx'].includes(ext)) return 'latex';
  if (ext && ['md', 'markdown', 'rmd', 'qmd', 'mdx', 'pandoc', 'mkd', 'mdown'].includes(ext)) return 'markdown';
  if (text === undefined) return 'text';
  const head = text.slice(0, 20000);
  if (/\\(documentclass|begin\{|(sub)*section\*?[[{]|chapter\*?[[{]|[a-zA-Z]*cite[a-zA-Z]*\*?[[{]|input\{|usepackage)/.test(head)) return 'latex';
  if (/^---[ \t]*\r?\n[\s\S]*?\n(---|\.\.\.)[ \t]*\r?\n/.test(head) || /^#{1,6} \S/m.test(head) || /\[-?@[\w{]/.test(head) || /^```/m.test(head)) {
    return 'markdown';
  }
  return 'text';
}

/**
 * The paragraph containing `offset` (its end included, for a cursor right after the last character).
 * @example paragraphAt(draft, editorOffset)?.text
 */
export function paragraphAt(draft: ScannedDraft, offset: number): ParagraphInfo | undefined {
  const ps = draft.paragraphs;
  let lo = 0;
  let hi = ps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = ps[mid];
    if (offset < p.start) hi = mid - 1;
    else if (offset > p.end) lo = mid + 1;
    else return p;
  }
  return undefined;
}

/** The section a paragraph belongs to, or undefined before the first heading. */
export function sectionOf(draft: ScannedDraft, paragraph: ParagraphInfo): SectionInfo | undefined {
  return paragraph.section >= 0 ? draft.sections[paragraph.section] : undefined;
}

/** Where a citation key is being typed: the partial key, the range to replace and the keys already in the group. */
export interface CitationContext {
  prefix: string;
  replaceStart: number;
  replaceEnd: number;
  existingKeys: string[];
}

/**
 * The citation-completion context at `offset`: inside `\cite{` / after a comma of its key group
 * (optional arguments done) in LaTeX; after `@`, `[@`, `; @`, `-@`, `@{` in Markdown. Undefined
 * elsewhere: in an optional argument, a comment, code, math, an e-mail address, ...
 * @example citationContextAt('\\citep[p.~3]{doe, ro', 20, 'latex') // { prefix: 'ro', replaceStart: 18, replaceEnd: 20, existingKeys: ['doe'] }
 */
export function citationContextAt(text: string, offset: number, format: DraftFormat): CitationContext | undefined {
  const open = format === 'latex' ? latexCiteAt(text, offset) : format === 'markdown' ? markdownCiteAt(text, offset) : undefined;
  if (!open) return undefined;
  return { prefix: text.slice(open.keyStart, offset), replaceStart: open.keyStart, replaceEnd: open.keyEnd, existingKeys: open.existingKeys };
}
/** Plain text: paragraphs are blocks separated by blank lines. */
function scanPlain(text: string): ScannedDraft {
  const paragraphs: ParagraphInfo[] = [];
  const re = /\S(?:[^\n]|\n(?![ \t\r]*(?:\n|$)))*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[0].trimEnd();
    const t = cleanText(body);
    if (hasWords(t)) paragraphs.push({ start: m.index, end: m.index + body.length, text: t, section: -1, citations: [] });
  }
  return { format: 'text', sections: [], paragraphs, citations: [], bibliographies: [], includes: [] };
}

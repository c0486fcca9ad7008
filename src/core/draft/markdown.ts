/**
 * A hand-written Pandoc-Markdown scanner: YAML front matter (title, abstract, bibliography),
 * headings, paragraphs as plain text and pandoc citations (`[see @a, p. 3; @b]`, `@a`, `-@a`,
 * `@{a.b}`). Linear in the length of the text; never throws on unfinished input.
 *
 * The entry points. The scanner is in ./markdown/: blocks.ts finds the prose blocks and skips
 * list and quote markers, frontMatter.ts reads the header (its YAML too), inline.ts pairs brackets
 * and code spans, then turns a block into plain text and citations, finding where URLs, links
 * and HTML end, and keys.ts reads citation keys.
 */
import { AT, LBRACK, RBRACE, RBRACK, SP } from '../text/charCodes';
import { cleanText, closeSections, hasWords } from './assemble';
import { parseBlocks } from './markdown/blocks';
import { scanInline } from './markdown/inline';
import { citeCanStart, isKeyChar, isWordChar } from './markdown/keys';
import type { CitationRef, ParagraphInfo, ScannedDraft, SectionInfo, Span } from './types';

/**
 * Scans a Pandoc Markdown document.
 * @example scanMarkdown('# Intro\n\nAs @doe99 shows [see @roe04, p. 3].').citations.map((c) => c.key) // ['doe99', 'roe04']
 */
export function scanMarkdown(text: string): ScannedDraft {
  const { front, blocks } = parseBlocks(text);
  const sections: SectionInfo[] = [];
  const paragraphs: ParagraphInfo[] = [];
  const citations: CitationRef[] = [];
  for (const b of blocks) {
    const r = scanInline(text, b.contentStart, b.end, -1, b.kind === 'para');
    citations.push(...r.cites);
    if (b.kind === 'heading') {
      sections.push({ start: b.start, end: text.length, title: cleanText(r.text), level: b.level });
    } else {
      const plain = cleanText(r.text);
      if (hasWords(plain)) paragraphs.push({ start: b.start, end: b.end, text: plain, section: sections.length - 1, citations: r.cites });
    }
  }
  closeSections(sections, text.length);
  const draft: ScannedDraft = { format: 'markdown', sections, paragraphs, citations, bibliographies: front?.bibliographies ?? [], includes: [] };
  if (front?.title) draft.title = front.title;
  if (front?.abstract) draft.abstract = front.abstract;
  return draft;
}

/** Where a pandoc citation key is being typed, as found by {@link markdownCiteAt}. */
export interface MarkdownOpenCite {
  /** Start and end of the key under the cursor (the end extends past the cursor over key characters). */
  keyStart: number;
  keyEnd: number;
  /** The other keys of the same bracketed citation. */
  existingKeys: string[];
}

/**
 * If `offset` is where a pandoc citation key is being typed (after `@`, `[@`, `; @`, `-@`, `@{`),
 * returns the key range; undefined in code, math, URLs, e-mail addresses, front matter, ...
 */
export function markdownCiteAt(text: string, offset: number): MarkdownOpenCite | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  let k = offset;
  let at = -1;
  let braced = false;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const brace = text.lastIndexOf('@{', offset - 1);
  if (brace >= lineStart && brace + 2 <= offset && !/[\s}]/.test(text.slice(brace + 2, offset))) {
    at = brace;
    k = brace + 2;
    braced = true;
  } else {
    while (k > lineStart && isKeyChar(text.charCodeAt(k - 1))) k--;
    if (k > 0 && text.charCodeAt(k - 1) === AT) at = k - 1;
    else return undefined;
    if (k < offset && !isWordChar(text.charCodeAt(k))) return undefined;
  }
  if (!citeCanStart(text, at, 0)) return undefined;
  const block = parseBlocks(text).blocks.find((b) => b.kind === 'para' && b.start <= at && offset <= b.end);
  if (!block) return undefined;
  const r = scanInline(text, block.contentStart, Math.max(block.end, offset), at);
  if (r.probeExcluded) return undefined;
  let keyEnd = offset;
  if (braced) {
    while (keyEnd < text.length && text.charCodeAt(keyEnd) > SP && text.charCodeAt(keyEnd) !== RBRACE) keyEnd++;
  } else {
    while (keyEnd < text.length && isKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
    // Trailing punctuation is not part of a key.
    while (keyEnd > offset && !isWordChar(text.charCodeAt(keyEnd - 1))) keyEnd--;
  }
  const existingKeys = r.cites
    .filter((c) => c.start !== k && c.group.start <= at && (at < c.group.end || isOpenGroup(text, c.group)))
    .map((c) => c.key);
  return { keyStart: k, keyEnd, existingKeys };
}

function isOpenGroup(text: string, g: Span): boolean {
  return text.charCodeAt(g.start) === LBRACK && text.charCodeAt(g.end - 1) !== RBRACK;
}

// Block structure, line by line: which lines are prose (paragraphs, headings) and which are not
// (code, HTML, tables, link definitions, rules). Only the prose blocks are returned.
import { CR, DASH, LBRACK, LPAREN, SP, TAB } from '../../text/charCodes';
import { frontMatter, type FrontMatter } from './frontMatter';

export interface Block {
  kind: 'para' | 'heading';
  /** Span start: the first character of the block (the `#` of a heading). */
  start: number;
  /** Where the inline content starts (after `#`s for an ATX heading). */
  contentStart: number;
  end: number;
  level: number;
}

const FENCE = /^(`{3,}|~{3,})(.*)$/;
const ATX = /^(#{1,6})(?=[ \t]|$)/;
const SETEXT = /^(=+|-+)[ \t]*$/;
const THEMATIC = /^([-*_])([ \t]*\1){2,}[ \t]*$/;
const HTML_BLOCK_TAGS = new Set(
  ('address article aside blockquote center details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 ' +
    'header hr iframe main nav ol p pre section script style table tbody td th thead tr ul video').split(' '),
);

/** An HTML block: a comment, a block-level tag, or a line that is one complete tag. */
function isHtmlBlock(t: string): boolean {
  if (t.startsWith('<!') || t.startsWith('<?')) return true;
  const m = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)/.exec(t);
  return !!m && (HTML_BLOCK_TAGS.has(m[1].toLowerCase()) || /^<\/?[A-Za-z][^<>]*>\s*$/.test(t));
}
const LINK_DEF = /^\[[^\]^][^\]]*\]:[ \t]*\S/;
const TABLE_DELIM = /^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/;

export function parseBlocks(text: string): { front: FrontMatter | undefined; blocks: Block[] } {
  const front = frontMatter(text);
  const blocks: Block[] = [];
  let para: { start: number; end: number } | null = null;
  let fence: { ch: string; len: number } | null = null;
  let skipUntilBlank = false;
  let htmlComment = false;
  let listContext = false;
  const flush = (): void => {
    if (para) blocks.push({ kind: 'para', start: para.start, contentStart: para.start, end: para.end, level: 0 });
    para = null;
  };
  let pos = front ? front.next : 0;
  while (pos < text.length) {
    const ls = pos;
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    pos = nl + 1;
    let le = nl;
    if (le > ls && text.charCodeAt(le - 1) === CR) le--;
    const line = text.slice(ls, le);

    let lead = 0;
    let indent = 0;
    while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t')) {
      indent += line[lead] === '\t' ? 4 - (indent % 4) : 1;
      lead++;
    }
    const t = line.slice(lead);

    if (fence) {
      const m = indent < 4 ? FENCE.exec(t) : null;
      if (m && m[1][0] === fence.ch && m[1].length >= fence.len && m[2].trim() === '') fence = null;
      continue;
    }
    if (htmlComment) {
      if (line.includes('-->')) htmlComment = false;
      continue;
    }
    if (t === '') {
      flush();
      skipUntilBlank = false;
      continue;
    }
    if (skipUntilBlank) continue;
    if (indent >= 4 && !para && !listContext) continue; // indented code
    if (indent < 4) {
      const f = FENCE.exec(t);
      if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
        flush();
        listContext = false;
        fence = { ch: f[1][0], len: f[1].length };
        continue;
      }
      const h = ATX.exec(t);
      if (h) {
        flush();
        listContext = false;
        let cs = lead + h[1].length;
        while (cs < line.length && (line[cs] === ' ' || line[cs] === '\t')) cs++;
        let ce = line.length;
        const closing = /(?:^|[ \t]+)#+[ \t]*$|[ \t]*\{[^{}]*\}[ \t]*$/.exec(line.slice(cs));
        if (closing) ce = cs + closing.index;
        while (ce > cs && (line[ce - 1] === ' ' || line[ce - 1] === '\t')) ce--;
        blocks.push({ kind: 'heading', start: ls + lead, contentStart: ls + cs, end: ls + ce, level: h[1].length - 1 });
        continue;
      }
      if (para && SETEXT.test(t)) {
        const p: { start: number; end: number } = para;
        blocks.push({ kind: 'heading', start: p.start, contentStart: p.start, end: p.end, level: t[0] === '=' ? 0 : 1 });
        para = null;
        continue;
      }
      if (THEMATIC.test(t)) {
        flush();
        listContext = false;
        continue;
      }
      if (t.startsWith(':::')) {
        flush(); // a pandoc fenced div: its content is prose
        continue;
      }
    }
    if (!para) {
      if (isHtmlBlock(t)) {
        if (t.startsWith('<!--')) htmlComment = !t.includes('-->', 4);
        else skipUntilBlank = true;
        listContext = false;
        continue;
      }
      if (t.startsWith('|') || t.startsWith('+-') || (t.includes('|') && TABLE_DELIM.test(nextLine(text, pos)))) {
        skipUntilBlank = true; // a table
        listContext = false;
        continue;
      }
      if (LINK_DEF.test(t)) continue;
      const list = LIST_MARKER.test(t);
      listContext = list || (listContext && indent >= 2);
      para = { start: ls + lead, end: ls + line.trimEnd().length };
    } else {
      para.end = ls + line.trimEnd().length;
    }
  }
  flush();
  return { front, blocks };
}

function nextLine(text: string, pos: number): string {
  if (pos >= text.length) return '';
  const nl = text.indexOf('\n', pos);
  return text.slice(pos, nl < 0 ? text.length : nl);
}

// Line prefixes that are structure, not text. The block parser uses the list marker to tell a
// list item from a paragraph; the inline scanner skips the prefixes at the start of every line.

export const LIST_MARKER = /^([-*+]|\d{1,9}[.)]|#\.|\(@[\w-]*\)|\(\d{1,9}\))[ \t]/;

/** Skips block quote markers, a list marker, a task box or a footnote label at `k` (within `end`). */
export function skipPrefix(t: string, k: number, end: number): number {
  k = skipBlanks(t, k, end);
  while (k < end && t.charCodeAt(k) === 62 /* > */) k = skipBlanks(t, k + 1, end);
  const c = t.charCodeAt(k);
  // Cheap test first: list markers start with - * + ( # or a digit, footnote labels with [.
  if (!(c === DASH || c === 42 || c === 43 || c === LPAREN || c === 35 || c === LBRACK || (c >= 48 && c <= 57))) return k;
  const rest = t.slice(k, Math.min(end, k + 24));
  const m = LIST_MARKER.exec(rest) ?? /^\[\^[^\]\s]+\]:[ \t]?/.exec(rest);
  if (m) {
    k = skipBlanks(t, k + m[0].length, end);
    const task = /^\[[ xX]\][ \t]/.exec(t.slice(k, Math.min(end, k + 4)));
    if (task) k += task[0].length;
  }
  return k;
}

function skipBlanks(t: string, k: number, end: number): number {
  while (k < end && (t.charCodeAt(k) === SP || t.charCodeAt(k) === TAB)) k++;
  return k;
}

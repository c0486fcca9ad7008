/**
 * A hand-written Pandoc-Markdown scanner: YAML front matter (title, abstract, bibliography),
 * headings, paragraphs as plain text and pandoc citations (`[see @a, p. 3; @b]`, `@a`, `-@a`,
 * `@{a.b}`). Linear in the length of the text; never throws on unfinished input.
 */
import { closeSections } from './outline';
import { cleanText, hasWords } from './plainText';
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

// ---------------------------------------------------------------------------------------------
// Blocks

interface Block {
  kind: 'para' | 'heading';
  /** Span start: the first character of the block (the `#` of a heading). */
  start: number;
  /** Where the inline content starts (after `#`s for an ATX heading). */
  contentStart: number;
  end: number;
  level: number;
}

interface FrontMatter {
  title?: string;
  abstract?: string;
  bibliographies: string[];
  /** Offset where the document body starts. */
  next: number;
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
const LIST_MARKER = /^([-*+]|\d{1,9}[.)]|#\.|\(@[\w-]*\)|\(\d{1,9}\))[ \t]/;

function parseBlocks(text: string): { front: FrontMatter | undefined; blocks: Block[] } {
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

// ---------------------------------------------------------------------------------------------
// Front matter: a small, tolerant reader for the few keys we need.

function frontMatter(text: string): FrontMatter | undefined {
  if (text.startsWith('% ')) {
    // A pandoc title block: `% Title`, `% Author`, `% Date`.
    let pos = 0;
    let title = '';
    while (pos < text.length && (text[pos] === '%' || (pos > 0 && text[pos] === ' '))) {
      const nl = text.indexOf('\n', pos);
      const line = text.slice(pos, nl < 0 ? text.length : nl);
      if (pos === 0) title = line.slice(1).trim();
      pos = nl < 0 ? text.length : nl + 1;
    }
    return { title: inlinePlain(title), bibliographies: [], next: pos };
  }
  const first = /^---[ \t]*\r?\n/.exec(text);
  if (!first) return undefined;
  const lines: string[] = [];
  let pos = first[0].length;
  if (/^[ \t]*\r?(\n|$)/.test(text.slice(pos, pos + 200))) return undefined; // `---` then a blank line: a rule
  let closed = false;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
    pos = nl < 0 ? text.length : nl + 1;
    if (/^(---|\.\.\.)[ \t]*$/.test(line)) {
      closed = true;
      break;
    }
    lines.push(line);
  }
  if (!closed) {
    // Unfinished (being typed): stop at the first blank line, so the body stays prose.
    const blank = lines.findIndex((l) => l.trim() === '');
    if (blank >= 0) {
      pos = first[0].length;
      for (let n = 0; n <= blank; n++) pos = text.indexOf('\n', pos) + 1 || text.length;
      lines.length = blank;
    }
  }
  const yaml = readYaml(lines);
  const bib = yaml.get('bibliography');
  const str = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(' ') : v);
  const title = str(yaml.get('title'));
  const abstract = str(yaml.get('abstract'));
  return {
    title: title ? inlinePlain(title) : undefined,
    abstract: abstract ? inlinePlain(abstract) : undefined,
    bibliographies: bib === undefined ? [] : (Array.isArray(bib) ? bib : [bib]).filter((b) => b !== ''),
    next: pos,
  };
}

const YAML_KEYS = new Set(['title', 'abstract', 'bibliography']);

/** Top-level `key: value` for {@link YAML_KEYS}: plain, quoted, `|` / `>` blocks, flow and block lists. */
function readYaml(lines: string[]): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (let n = 0; n < lines.length; n++) {
    const m = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(lines[n]);
    if (!m || !YAML_KEYS.has(m[1])) continue;
    const raw = (m[2] ?? '').trim();
    const more: string[] = [];
    while (n + 1 < lines.length && (/^[ \t]/.test(lines[n + 1]) || lines[n + 1].trim() === '' || (raw === '' && /^-([ \t]|$)/.test(lines[n + 1])))) {
      more.push(lines[++n]);
    }
    while (more.length > 0 && more[more.length - 1].trim() === '') more.pop();
    const cont = more.map((l) => l.trim());
    let value: string | string[];
    if (/^[|>][-+0-9]*[ \t]*(#.*)?$/.test(raw)) value = cont.join(' ');
    else if (raw === '' && cont.length > 0 && cont.every((l) => l === '' || l.startsWith('-'))) {
      value = cont.filter((l) => l !== '').map((l) => unquote(l.replace(/^-[ \t]*/, '')));
    } else if (raw.startsWith('[')) {
      value = [raw, ...cont].join(' ').replace(/^\[|\].*$/g, '').split(',').map((s) => unquote(s.trim())).filter((s) => s !== '');
    } else value = unquote([raw, ...cont].join(' ').trim());
    out.set(m[1], value);
  }
  return out;
}

function unquote(s: string): string {
  if (s.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"?/.exec(s);
    return (m ? m[1] : s.slice(1)).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? ' ' : c));
  }
  if (s.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'?/.exec(s);
    return (m ? m[1] : s.slice(1)).replace(/''/g, "'");
  }
  return s.replace(/[ \t]+#.*$/, '').trim();
}

function inlinePlain(s: string): string {
  return cleanText(scanInline(s, 0, s.length, -1, false).text);
}

// ---------------------------------------------------------------------------------------------
// Inline content

const NL = 10, CR = 13, SP = 32, TAB = 9, AT = 64, LBRACK = 91, RBRACK = 93, LBRACE = 123, RBRACE = 125;
const BSL = 92, BACKTICK = 96, DOLLAR = 36, LPAREN = 40, RPAREN = 41, DASH = 45;

const MD_SPECIAL = new Uint8Array(128);
for (const c of '\\`$<![]@-*_~^&\n') MD_SPECIAL[c.charCodeAt(0)] = 1;
const URL_START = new Uint8Array(128);
for (const c of 'hHwWfF') URL_START[c.charCodeAt(0)] = 1;
/** Characters allowed inside a pandoc key when followed by a word character. */
const INTERNAL = new Uint8Array(128);
for (const c of ':.#$%&-+?<>~/') INTERNAL[c.charCodeAt(0)] = 1;
/** Characters after which an `@` starts a citation. */
const CITE_BEFORE = new Uint8Array(128);
for (const c of ' \t\n\r[(;,"\'*{>') CITE_BEFORE[c.charCodeAt(0)] = 1;

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', shy: '',
};

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  return !Number.isNaN(c) && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

function isKeyChar(c: number): boolean {
  return isWordChar(c) || (c < 128 && INTERNAL[c] === 1);
}

/** Can the `@` at `at` start a citation (not an e-mail address, not mid-word)? */
function citeCanStart(text: string, at: number, blockStart: number): boolean {
  if (at <= blockStart) return true;
  let p = text.charCodeAt(at - 1);
  if (p === DASH) {
    if (at - 1 <= blockStart) return true;
    p = text.charCodeAt(at - 2);
    return !isWordChar(p) && p !== DASH;
  }
  return p >= 128 ? !isWordChar(p) : CITE_BEFORE[p] === 1;
}

interface InlineResult {
  text: string;
  cites: CitationRef[];
  /** True when the probe offset lies in code, math, a URL, a link destination or HTML. */
  probeExcluded: boolean;
}

/** Plain text and citations of `text[start, end)`; `probe` is an offset to classify (see {@link InlineResult}). */
function scanInline(text: string, start: number, end: number, probe = -1, prefixes = true): InlineResult {
  return new InlineScanner(text, start, end, probe, prefixes).run();
}

class InlineScanner {
  private readonly parts: string[] = [];
  private readonly cites: CitationRef[] = [];
  private probeExcluded = false;
  private readonly match = new Map<number, number>();
  private readonly hasAt = new Set<number>();
  private readonly closeActions = new Map<number, 'link' | 'ref' | 'span' | 'drop'>();
  /** Run length -> an offset from which no closing run of that length exists. */
  private readonly noCodeCloser = new Map<number, number>();
  private noDollarCloserFrom = Infinity;
  private openBracket = -1;
  private readonly pending: CitationRef[] = [];

  constructor(
    private readonly t: string,
    private readonly start: number,
    private readonly end: number,
    private readonly probe: number,
    private readonly prefixes: boolean,
  ) {}

  run(): InlineResult {
    this.matchBrackets();
    const t = this.t;
    const end = this.end;
    let i = this.prefixes ? this.skipPrefix(this.start) : this.start;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (c >= 128 || !MD_SPECIAL[c]) {
        if (c < 128 && URL_START[c] && (i === this.start || !isWordChar(t.charCodeAt(i - 1)))) {
          const u = this.url(i);
          if (u > i) {
            i = u;
            continue;
          }
        }
        let j = i + 1;
        while (j < end) {
          const d = t.charCodeAt(j);
          if (d < 128 && (MD_SPECIAL[d] || (URL_START[d] && !isWordChar(t.charCodeAt(j - 1))))) break;
          j++;
        }
        this.parts.push(t.slice(i, j));
        i = j;
        continue;
      }
      i = this.special(i, c);
    }
    this.finishPending();
    return { text: this.parts.join(''), cites: this.cites, probeExcluded: this.probeExcluded };
  }

  private exclude(a: number, b: number): void {
    if (this.probe >= a && this.probe < b) this.probeExcluded = true;
  }

  private special(i: number, c: number): number {
    const t = this.t;
    switch (c) {
      case BSL: {
        const d = t.charCodeAt(i + 1);
        if (d === NL || i + 1 >= this.end) {
          this.parts.push(' ');
          return i + 1;
        }
        if (d < 128 && d > SP && !isWordChar(d)) {
          this.parts.push(t[i + 1]);
          return i + 2;
        }
        this.parts.push('\\');
        return i + 1;
      }
      case BACKTICK: {
        let n = 1;
        while (t.charCodeAt(i + n) === BACKTICK) n++;
        const close = this.codeCloser(i + n, n);
        if (close < 0) {
          this.parts.push(t.slice(i, i + n));
          return i + n;
        }
        this.parts.push(` ${t.slice(i + n, close)} `);
        this.exclude(i, close + n);
        return close + n;
      }
      case DOLLAR:
        return this.math(i);
      case 60 /* < */:
        return this.angle(i);
      case 33 /* ! */: {
        const close = this.match.get(i + 1);
        if (close === undefined) {
          this.parts.push('!');
          return i + 1;
        }
        // An image: the alt text is a caption, not prose.
        let e = close + 1;
        if (t.charCodeAt(e) === LPAREN) e = this.parenEnd(e);
        else if (t.charCodeAt(e) === LBRACK) e = this.match.get(e) !== undefined ? this.match.get(e)! + 1 : e;
        e = this.attributes(e);
        this.exclude(i, e);
        this.parts.push(' ');
        return e;
      }
      case LBRACK:
        return this.bracket(i);
      case RBRACK: {
        const action = this.closeActions.get(i);
        if (action === undefined) {
          this.parts.push(']');
          return i + 1;
        }
        let e = i + 1;
        if (action === 'link') e = this.parenEnd(e);
        else if (action === 'ref') e = this.match.get(e) !== undefined ? this.match.get(e)! + 1 : e;
        if (action !== 'drop') e = this.attributes(e);
        this.exclude(i + 1, e);
        return e;
      }
      case AT:
        return this.intextCite(i, i);
      case DASH:
        if (t.charCodeAt(i + 1) === AT && citeCanStart(t, i + 1, this.start)) return this.intextCite(i + 1, i);
        this.parts.push('-');
        return i + 1;
      case 42 /* * */:
        return i + 1;
      case 95 /* _ */:
        if (i > this.start && isWordChar(t.charCodeAt(i - 1)) && isWordChar(t.charCodeAt(i + 1))) this.parts.push('_');
        return i + 1;
      case 126 /* ~ */:
        if (t.charCodeAt(i + 1) === 126) return i + 2;
        this.parts.push('~');
        return i + 1;
      case 94 /* ^ */: {
        const close = this.match.get(i + 1);
        if (close === undefined) {
          this.parts.push('^');
          return i + 1;
        }
        // An inline footnote: its text is prose.
        this.closeActions.set(close, 'drop');
        this.parts.push(' ');
        return i + 2;
      }
      case 38 /* & */: {
        const re = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/y;
        re.lastIndex = i;
        const m = re.exec(t);
        if (m && re.lastIndex <= this.end) {
          const name = m[1];
          let ch: string | undefined;
          if (name[0] === '#') {
            const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
            ch = code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
          } else ch = ENTITIES[name];
          if (ch !== undefined) {
            this.parts.push(ch);
            return re.lastIndex;
          }
        }
        this.parts.push('&');
        return i + 1;
      }
      case NL:
        this.parts.push(' ');
        return this.prefixes ? this.skipPrefix(i + 1) : i + 1;
      default:
        this.parts.push(t[i]);
        return i + 1;
    }
  }

  /** Line prefixes that are structure, not text: block quote markers, list markers, task boxes, footnote labels. */
  private skipPrefix(k: number): number {
    const t = this.t;
    const end = this.end;
    k = this.skipBlanks(k);
    while (k < end && t.charCodeAt(k) === 62 /* > */) k = this.skipBlanks(k + 1);
    const c = t.charCodeAt(k);
    // Cheap test first: list markers start with - * + ( # or a digit, footnote labels with [.
    if (!(c === DASH || c === 42 || c === 43 || c === LPAREN || c === 35 || c === LBRACK || (c >= 48 && c <= 57))) return k;
    const rest = t.slice(k, Math.min(end, k + 24));
    const m = LIST_MARKER.exec(rest) ?? /^\[\^[^\]\s]+\]:[ \t]?/.exec(rest);
    if (m) {
      k = this.skipBlanks(k + m[0].length);
      const task = /^\[[ xX]\][ \t]/.exec(t.slice(k, Math.min(end, k + 4)));
      if (task) k += task[0].length;
    }
    return k;
  }

  private skipBlanks(k: number): number {
    while (k < this.end && (this.t.charCodeAt(k) === SP || this.t.charCodeAt(k) === TAB)) k++;
    return k;
  }

  /** Pairs `[` / `]` (skipping escapes and code spans) and notes which brackets hold an `@` of their own. */
  private matchBrackets(): void {
    const t = this.t;
    const stack: number[] = [];
    for (let k = this.start; k < this.end; k++) {
      const c = t.charCodeAt(k);
      if (c === BSL) k++;
      else if (c === BACKTICK) {
        let n = 1;
        while (t.charCodeAt(k + n) === BACKTICK) n++;
        const close = this.codeCloser(k + n, n);
        k = close < 0 ? k + n - 1 : close + n - 1;
      } else if (c === LBRACK) stack.push(k);
      else if (c === RBRACK) {
        if (stack.length > 0) this.match.set(stack.pop()!, k);
      } else if (c === AT && stack.length > 0) this.hasAt.add(stack[stack.length - 1]);
    }
  }

  /** Start of the closing run of exactly `n` backticks at or after `k`, or -1. */
  private codeCloser(k: number, n: number): number {
    const failed = this.noCodeCloser.get(n);
    if (failed !== undefined && k >= failed) return -1;
    const from = k;
    const t = this.t;
    for (;;) {
      const j = t.indexOf('`', k);
      if (j < 0 || j >= this.end) break;
      let m = 1;
      while (j + m < this.end && t.charCodeAt(j + m) === BACKTICK) m++;
      if (m === n) return j;
      k = j + m;
    }
    this.noCodeCloser.set(n, Math.min(from, failed ?? from));
    return -1;
  }

  private math(i: number): number {
    const t = this.t;
    if (t.charCodeAt(i + 1) === DOLLAR) {
      const close = t.indexOf('$$', i + 2);
      if (close < 0 || close + 2 > this.end) {
        this.parts.push('$$');
        return i + 2;
      }
      this.exclude(i, close + 2);
      this.parts.push(' ');
      return close + 2;
    }
    const next = t.charCodeAt(i + 1);
    if (i + 1 >= this.end || next === SP || next === TAB || next === NL || i >= this.noDollarCloserFrom) {
      this.parts.push('$');
      return i + 1;
    }
    for (let k = t.indexOf('$', i + 1); k >= 0 && k < this.end; k = t.indexOf('$', k + 1)) {
      const p = t.charCodeAt(k - 1);
      const n = t.charCodeAt(k + 1);
      if (p !== SP && p !== TAB && p !== NL && p !== BSL && !(n >= 48 && n <= 57)) {
        this.exclude(i, k + 1);
        this.parts.push(' ');
        return k + 1;
      }
    }
    this.noDollarCloserFrom = i;
    this.parts.push('$');
    return i + 1;
  }

  /** `<!-- -->`, autolinks and HTML tags: removed. */
  private angle(i: number): number {
    const t = this.t;
    if (t.startsWith('<!--', i)) {
      const close = t.indexOf('-->', i + 4);
      const e = close < 0 || close + 3 > this.end ? this.end : close + 3;
      this.exclude(i, e);
      return e;
    }
    const re = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]{0,2000}|[^\s<>@]{1,200}@[^\s<>]{1,200}|\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500})?\/?)>/y;
    re.lastIndex = i;
    if (re.exec(t) && re.lastIndex <= this.end) {
      this.exclude(i, re.lastIndex);
      this.parts.push(' ');
      return re.lastIndex;
    }
    this.parts.push('<');
    return i + 1;
  }

  /** A bare URL at `i`: kept as text, but no citation is looked for inside. Returns its end, or `i`. */
  private url(i: number): number {
    const t = this.t;
    if (!/^(?:https?:\/\/|ftp:\/\/|www\.)/i.test(t.slice(i, i + 8))) return i;
    let e = i;
    while (e < this.end) {
      const c = t.charCodeAt(e);
      if (c <= SP || c === 60 || c === 62 || c === 34 || c === RBRACK) break;
      e++;
    }
    while (e > i && /[.,;:!?'")]/.test(t[e - 1])) {
      if (t[e - 1] === ')' && t.slice(i, e).split('(').length > t.slice(i, e).split(')').length - 1) break;
      e--;
    }
    this.parts.push(t.slice(i, e));
    this.exclude(i, e);
    return e;
  }

  /** At `(` after a link text: the end of the destination (balanced parentheses). */
  private parenEnd(k: number): number {
    const t = this.t;
    if (t.charCodeAt(k) !== LPAREN) return k;
    let depth = 0;
    for (let q = k; q < this.end; q++) {
      const c = t.charCodeAt(q);
      if (c === BSL) q++;
      else if (c === LPAREN) depth++;
      else if (c === RPAREN && --depth === 0) return q + 1;
    }
    return this.end;
  }

  /** Pandoc attributes `{#id .class}` after a span, link or image: skipped. */
  private attributes(k: number): number {
    if (this.t.charCodeAt(k) !== LBRACE) return k;
    const close = this.t.indexOf('}', k);
    const nl = this.t.indexOf('\n', k);
    if (close < 0 || close >= this.end || (nl >= 0 && nl < close)) return k;
    return close + 1;
  }

  private bracket(i: number): number {
    const t = this.t;
    const close = this.match.get(i);
    if (close === undefined) {
      this.finishPending();
      this.pending.length = 0;
      this.openBracket = i;
      this.parts.push('[');
      return i + 1;
    }
    if (t.charCodeAt(i + 1) === 94 /* ^ */) {
      this.exclude(i, close + 1);
      this.parts.push(' ');
      return close + 1; // a footnote reference
    }
    const after = t.charCodeAt(close + 1);
    if (after === LPAREN) this.closeActions.set(close, 'link');
    else if (after === LBRACK) this.closeActions.set(close, 'ref');
    else if (this.hasAt.has(i) && this.citeGroup(i, close)) {
      this.parts.push(' ');
      return close + 1;
    } else this.closeActions.set(close, 'span');
    return i + 1;
  }

  /** `[see @a, p. 3; -@b]`: records the citations; false if the bracket holds none. */
  private citeGroup(open: number, close: number): boolean {
    const t = this.t;
    const found: CitationRef[] = [];
    const group = { start: open, end: close + 1 };
    for (let k = open + 1; k < close; ) {
      const c = t.charCodeAt(k);
      if (c === BSL) k += 2;
      else if (c === LBRACK && this.match.has(k)) k = this.match.get(k)! + 1;
      else if (c === BACKTICK) {
        let n = 1;
        while (t.charCodeAt(k + n) === BACKTICK) n++;
        const cc = this.codeCloser(k + n, n);
        k = cc < 0 ? k + n : cc + n;
      } else if (c === AT && citeCanStart(t, k, open + 1)) {
        const key = this.key(k, close);
        if (key) {
          found.push({ key: key.key, start: key.start, end: key.end, command: '@', incomplete: key.incomplete, group });
          k = key.after;
        } else k++;
      } else k++;
    }
    this.cites.push(...found);
    return found.length > 0;
  }

  /** `@key` / `-@key` in running text (group = the key span including `@` / `-@`). */
  private intextCite(at: number, groupStart: number): number {
    const t = this.t;
    if (!citeCanStart(t, at, this.start)) {
      this.parts.push(t[groupStart] === '-' ? '-@' : '@');
      return at + 1;
    }
    const key = this.key(at, this.end);
    if (!key) {
      this.parts.push(t.slice(groupStart, at + 1));
      return at + 1;
    }
    let after = key.after;
    // `@doe99 [p. 33]`: a locator in brackets right after an in-text citation belongs to it.
    const close = t.charCodeAt(after) === SP ? this.match.get(after + 1) : undefined;
    if (close !== undefined && !this.hasAt.has(after + 1) && t.charCodeAt(after + 2) !== 94 /* ^ */) {
      const next = t.charCodeAt(close + 1);
      if (next !== LPAREN && next !== LBRACK && next !== LBRACE) after = close + 1;
    }
    const ref: CitationRef = {
      key: key.key, start: key.start, end: key.end, command: '@', incomplete: key.incomplete,
      group: { start: groupStart, end: after },
    };
    this.cites.push(ref);
    if (this.openBracket >= 0) this.pending.push(ref);
    this.parts.push(' ');
    return after;
  }

  /** Citations after an unclosed `[` are one unfinished group; the last is incomplete at the end of the block. */
  private finishPending(): void {
    if (this.pending.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    const group = { start: this.openBracket, end: last.group.end };
    for (const r of this.pending) r.group = group;
    let k = last.end;
    while (k < this.end && /[\s;,]/.test(this.t[k])) k++;
    if (k === this.end) last.incomplete = true;
  }

  /** The key after the `@` at `at`: `@key` (trailing punctuation stripped) or `@{any key}`. */
  private key(at: number, limit: number): { key: string; start: number; end: number; after: number; incomplete: boolean } | undefined {
    const t = this.t;
    let k = at + 1;
    if (t.charCodeAt(k) === LBRACE) {
      let q = k + 1;
      while (q < limit && t.charCodeAt(q) > SP && t.charCodeAt(q) !== RBRACE) q++;
      if (q === k + 1) return undefined;
      if (q < limit && t.charCodeAt(q) === RBRACE) return { key: t.slice(k + 1, q), start: k + 1, end: q, after: q + 1, incomplete: false };
      return { key: t.slice(k + 1, q), start: k + 1, end: q, after: q, incomplete: true };
    }
    if (k >= limit || !isWordChar(t.charCodeAt(k))) return undefined;
    const s = k;
    while (k < limit) {
      const c = t.charCodeAt(k);
      if (isWordChar(c)) k++;
      else if (c < 128 && INTERNAL[c] && k + 1 < limit) {
        const n = t.charCodeAt(k + 1);
        if (isWordChar(n) || ((c === 58 || c === 47) && n === 47)) k++;
        else break;
      } else break;
    }
    return { key: t.slice(s, k), start: s, end: k, after: k, incomplete: false };
  }
}

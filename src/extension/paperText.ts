/**
 * How a paper is shown in hovers, completion items and pickers: escaped Markdown, short author
 * lists, abstract excerpts, links, and the text VS Code's fuzzy filter matches against.
 * Pure string functions (no `vscode`), unit-tested in test/unit/extension/paperText.test.ts.
 */
import type { PaperRecord } from '../core/model';
import { asciiFold, splitName } from '../core/cite/bibtexEntry';
import { stripControls } from '../core/text/controls';

/**
 * Escapes `s` so Markdown shows it as written: every ASCII punctuation character that Markdown
 * (CommonMark + GFM) or VS Code's renderer could read as syntax gets a backslash (CommonMark allows
 * a backslash before any ASCII punctuation), and whitespace runs, newlines included, become one
 * space so text can never start a block (heading, list, quote, code block); control characters
 * and bidirectional overrides are dropped.
 * `escapeMarkdown('*Bold* [x](y) <b>')` gives `\*Bold\* \[x\]\(y\) \<b\>`.
 */
export function escapeMarkdown(s: string): string {
  return stripControls(s.replace(/\s+/g, ' ')).replace(/[\\`*_{}[\]()<>#+\-.!|~&$:"'=^]/g, '\\$&');
}

/** VS Code's `$(name)` / `$(name~spin)` icon syntax, as its label renderer reads it, with the backslash that escapes it. */
const ICON = /(\\)?\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/**
 * Text from outside made inert for a QuickPick label, description or detail (which render
 * `$(icon)`): one line, control characters and bidirectional overrides dropped, icon syntax
 * escaped so it shows as written.
 * `pickerText('$(alert) Click\u001b[2J')` gives `'\\$(alert) Click[2J'`.
 */
export function pickerText(s: string): string {
  return stripControls(s.replace(/\s+/g, ' ').trim()).replace(ICON, (m, escaped: string | undefined) => (escaped ? m : `\\${m}`));
}

/**
 * The first `max` characters of `text` (whitespace collapsed), cut at a word boundary with `…`
 * when longer; a cut that would keep less than half of `max` (one very long word) cuts mid-word.
 * `excerpt('Large language models are strong.', 20)` gives `'Large language…'`.
 */
export function excerpt(text: string, max = 400): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  const body = space >= max / 2 ? cut.slice(0, space) : clean.slice(0, max);
  return body.replace(/[\s,;:.\-–—]+$/u, '') + '…';
}

/**
 * Authors for display: all of them up to `max`, else the first `max - 1` and "et al.".
 * `authorList(['A B', 'C D', 'E F'], 2)` gives `'A B et al.'`.
 */
export function authorList(authors: readonly string[], max = 5): string {
  if (authors.length === 0) return '';
  if (authors.length <= max) return authors.join(', ');
  return `${authors.slice(0, Math.max(1, max - 1)).join(', ')} et al.`;
}

/** "Vaswani et al." / "Vaswani and Shazeer" / "Vaswani": the short form used in one-line labels. */
export function shortAuthors(authors: readonly string[]): string {
  const last = (name: string) => {
    const p = splitName(name);
    return [p.von, p.last].filter(Boolean).join(' ') || name;
  };
  if (authors.length === 0) return '';
  if (authors.length === 1) return last(authors[0]!);
  if (authors.length === 2) return `${last(authors[0]!)} and ${last(authors[1]!)}`;
  return `${last(authors[0]!)} et al.`;
}

/**
 * One line about a paper: "Title — Vaswani et al., 2017" (parts that are missing are left out).
 */
export function paperLine(record: Pick<PaperRecord, 'title' | 'authors' | 'year'>): string {
  const who = [shortAuthors(record.authors), record.year !== undefined ? String(record.year) : '']
    .filter(Boolean)
    .join(', ');
  const title = record.title.replace(/\s+/g, ' ').trim();
  return stripControls(who ? `${title} — ${who}` : title);
}

export interface PaperLink {
  label: string;
  url: string;
}

/** DOI, arXiv and URL links of a record, in that order, without repeats of the same address. */
export function paperLinks(record: Pick<PaperRecord, 'doi' | 'arxiv' | 'url'>): PaperLink[] {
  const links: PaperLink[] = [];
  if (record.doi) links.push({ label: 'DOI', url: `https://doi.org/${record.doi}` });
  if (record.arxiv) links.push({ label: 'arXiv', url: `https://arxiv.org/abs/${record.arxiv}` });
  if (record.url && /^https?:\/\//i.test(record.url)) {
    const seen = links.some((l) => sameAddress(l.url, record.url!));
    if (!seen) links.push({ label: 'URL', url: record.url });
  }
  return links;
}

function sameAddress(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/^https?:\/\/(?:dx\.)?/i, '').replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * The address to open for a paper: its DOI, else its arXiv abstract page, else its URL.
 * `paperUrl({doi: '10.1/x'})` gives `'https://doi.org/10.1/x'`.
 */
export function paperUrl(record: Pick<PaperRecord, 'doi' | 'arxiv' | 'url'>): string | undefined {
  return paperLinks(record)[0]?.url;
}

/**
 * A URL made safe for a Markdown link destination `[label](url)`: whitespace, parentheses,
 * brackets, angle brackets, quotes and backslashes are percent-encoded.
 */
export function markdownUrl(url: string): string {
  return url.replace(/[\s()<>[\]"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * VS Code 1.139 scores completion items with `fuzzyScore` (src/vs/base/common/filters.ts), which
 * only looks at the first 128 characters of the filter text (`_maxLen`); words past that can never
 * match. The filter text is kept within it.
 */
export const FILTER_TEXT_MAX = 128;

/**
 * The text VS Code's fuzzy filter matches typed characters against: the key, then the authors'
 * last names (up to three), the year, then the title's words, ASCII-folded ("Müller" also matches `muller`),
 * cut at a word boundary to `FILTER_TEXT_MAX` characters. The key comes first so typing a key
 * keeps its usual score; names before the title because they are short and typed often.
 * `completionFilterText({key: 'vaswani2017attention', authors: ['Ashish Vaswani'], title: 'Attention Is All You Need'})`
 * gives `'vaswani2017attention Vaswani Attention Is All You Need'`.
 */
export function completionFilterText(record: Pick<PaperRecord, 'key' | 'id' | 'authors' | 'title' | 'year'>, max = FILTER_TEXT_MAX): string {
  const key = record.key ?? record.id;
  const names = record.authors.slice(0, 3).map((a) => {
    const p = splitName(a);
    return [p.von, p.last].filter(Boolean).join(' ');
  });
  const words = [...names, record.year !== undefined ? String(record.year) : '', record.title]
    .join(' ')
    .split(/\s+/)
    .map((w) => asciiFold(w).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((w) => w !== '');
  let out = key;
  for (const w of words) {
    if (out.length + 1 + w.length > max) break;
    out += ` ${w}`;
  }
  return out.length > max ? out.slice(0, max) : out;
}

/** `sortText` for the item at rank `i` (0-based): zero-padded so text order is rank order. */
export function rankSortText(i: number): string {
  return String(i).padStart(6, '0');
}

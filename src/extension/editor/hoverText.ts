/**
 * The Markdown of a citation hover and of a completion item's details. Pure (no `vscode`): the
 * adapter wraps the result in a `vscode.MarkdownString`. Every string that comes from a paper is
 * escaped (titles contain `*`, `_`, `[`, `<`, LaTeX leftovers...).
 * Unit-tested in test/unit/extension/hoverText.test.ts.
 */
import type { PaperRecord } from '../../core/model';
import { authorList, escapeMarkdown, excerpt, markdownUrl, paperLine, paperLinks } from '../paperText';

/** A link to the entry in the user's file; `target` is a ready URI (e.g. a `command:` URI). */
export interface SourceLink {
  label: string;
  target: string;
}

export interface PaperMarkdownOptions {
  /** Length of the abstract excerpt; default 400. */
  abstractChars?: number;
  /** Where the entry is written, shown as a link that opens it. */
  source?: SourceLink;
  /** Most authors listed before "et al."; default 6. */
  maxAuthors?: number;
}

/** The three parts of a paper's Markdown; a hover shows them as rows with a rule between them. */
export interface PaperMarkdownParts {
  /** Bold title, then "authors · year · *venue*". */
  header: string;
  /** The abstract excerpt, when the record has an abstract. */
  abstract?: string;
  /** DOI / arXiv / URL links and the source link, when there are any. */
  links?: string;
}

/** The parts of `paperMarkdown`, for a hover that shows them as separate rows. */
export function paperMarkdownParts(record: PaperRecord, options: PaperMarkdownOptions = {}): PaperMarkdownParts {
  const title = record.title.trim() === '' ? '(untitled)' : record.title;
  const header = [`**${escapeMarkdown(title.trim())}**`];
  const meta: string[] = [];
  const authors = authorList(record.authors, options.maxAuthors ?? 6);
  if (authors) meta.push(escapeMarkdown(authors));
  if (record.year !== undefined) meta.push(String(record.year));
  if (record.venue && record.venue.trim() !== '') meta.push(`*${escapeMarkdown(record.venue.trim())}*`);
  if (meta.length > 0) header.push(meta.join(' · '));
  const parts: PaperMarkdownParts = { header: header.join('\n\n') };
  if (record.abstract && record.abstract.trim() !== '') {
    parts.abstract = escapeMarkdown(excerpt(record.abstract, options.abstractChars ?? 400));
  }
  const links = paperLinks(record).map((l) => `[${l.label}](${markdownUrl(l.url)})`);
  if (options.source) links.push(`[${escapeMarkdown(options.source.label)}](${options.source.target})`);
  if (links.length > 0) parts.links = links.join(' · ');
  return parts;
}

/**
 * A paper as Markdown, title first:
 * ```
 * **Attention Is All You Need**
 *
 * Ashish Vaswani, Noam Shazeer · 2017 · *NeurIPS*
 *
 * The dominant sequence transduction models…
 *
 * [DOI](https://doi.org/…) · [arXiv](https://arxiv.org/abs/…) · [refs.bib:12](command:…)
 * ```
 */
export function paperMarkdown(record: PaperRecord, options: PaperMarkdownOptions = {}): string {
  const { header, abstract, links } = paperMarkdownParts(record, options);
  return [header, abstract, links].filter((b): b is string => b !== undefined).join('\n\n');
}

/** `s` as inline code, whatever backticks it contains. `codeSpan('a`b')` gives ``` `` a`b `` ```. */
export function codeSpan(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = runs.length > 0 || s.startsWith(' ') || s.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${s.replace(/\s+/g, ' ')}${pad}${fence}`;
}

/**
 * The hover of a key the bibliography does not have: says so, then lists the papers that best
 * match the paragraph (numbered, one line each, with their key or where they come from, and with
 * `use` a link that cites the paper in place of the key).
 */
export function unknownKeyMarkdown(
  key: string,
  suggestions: readonly PaperRecord[],
  state: 'ready' | 'loading' | 'error' = 'ready',
  /** A command link that puts the paper's key in place of `key` (the hover trusts that command only). */
  use?: (record: PaperRecord) => string,
): string {
  if (state === 'loading') return `${codeSpan(key)}: the bibliography is still loading…`;
  const blocks = [`${codeSpan(key)} is not in your bibliography.`];
  if (state === 'error') return blocks[0]!;
  if (suggestions.length > 0) {
    blocks.push('Papers that match this paragraph:');
    blocks.push(
      suggestions
        .map((r, i) => {
          const where = r.inBibliography && r.key ? ` ${codeSpan(r.key)}` : '';
          const action = use ? ` — [cite this instead](${use(r)})` : '';
          return `${i + 1}. ${escapeMarkdown(paperLine(r))}${where}${action}`;
        })
        .join('\n'),
    );
  }
  return blocks.join('\n\n');
}

/**
 * The hover of a key whose entry exists but does not parse: says so, where (a link to its line),
 * and why, instead of "not in your bibliography".
 */
export function brokenEntryMarkdown(key: string, source: SourceLink, message: string): string {
  return `${codeSpan(key)}: its entry in [${escapeMarkdown(source.label)}](${source.target}) does not parse: ${escapeMarkdown(message)}. Fix it there and the key works again.`;
}

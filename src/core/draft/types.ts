/** Results of scanning a draft. All offsets are UTF-16 offsets into the scanned text, end exclusive. */

export type DraftFormat = 'latex' | 'markdown' | 'text';

export interface Span {
  start: number;
  end: number;
}

/** One citation key as written in the draft. */
export interface CitationRef extends Span {
  key: string;
  /** The command or syntax that carries it: "citep", "parencite", "@" (pandoc), ... */
  command: string;
  /** True while the user is still typing: `\cite{ab` with no closing brace. */
  incomplete: boolean;
  /** The whole citation group the key belongs to: `\citep[p.~3]{a, b}` or `[see @a; @b]`. */
  group: Span;
}

export interface SectionInfo extends Span {
  title: string;
  /** 0 for \part / #, 1 for \chapter or ##, ... : only the order matters. */
  level: number;
}

export interface ParagraphInfo extends Span {
  /** Plain text: markup, comments, math and citation commands removed, whitespace collapsed. */
  text: string;
  /** Index into `sections` of the section the paragraph is in, or -1 before any heading. */
  section: number;
  /** Citations inside the paragraph, in order. */
  citations: CitationRef[];
}

export interface ScannedDraft {
  format: DraftFormat;
  /** \title{...} or the YAML `title:`, as plain text. */
  title?: string;
  /** The abstract environment / YAML `abstract:`, as plain text. */
  abstract?: string;
  sections: SectionInfo[];
  paragraphs: ParagraphInfo[];
  citations: CitationRef[];
  /** Bibliography files the draft names, as written (\bibliography{a,b} gives "a", "b"; YAML list items). */
  bibliographies: string[];
  /** Files pulled in with \input / \include / \subfile, as written. */
  includes: string[];
}

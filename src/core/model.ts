/**
 * The one record type every source maps into: a .bib entry, a CSL-JSON item, a corpus line,
 * a paper of the bundled corpus or a result from an online index.
 */

/** Where a record came from; `line` is 1-based and points at the start of the entry. */
export interface RecordOrigin {
  kind: SourceKind;
  file: string;
  line?: number;
}

export type SourceKind = 'bibtex' | 'csl' | 'corpus' | 'default' | 'online';

export interface PaperRecord {
  /** Stable id: the corpus id (e.g. an ACL Anthology id); for a .bib / CSL entry, its key. */
  id: string;
  /** Citation key: the user's .bib key, else the corpus' own bibkey, if any. */
  key?: string;
  title: string;
  /** Display names, "First Last". */
  authors: string[];
  /**
   * The same authors' name parts, where the source tells them (BibTeX's "von Last, Jr, First"):
   * what a display name cannot give back ("Vázques de Parga, Luis" has two family words).
   */
  authorParts?: AuthorName[];
  year?: number;
  venue?: string;
  abstract?: string;
  /** Lower-case, without the https://doi.org/ prefix. */
  doi?: string;
  /** Bare arXiv id, e.g. "2106.09685" or "cs/0112017", without version. */
  arxiv?: string;
  url?: string;
  /** BibTeX entry type, lower-case ("article", "inproceedings", ...), when known. */
  type?: string;
  origin: RecordOrigin;
  /** True when the record is in one of the user's own bibliography files (.bib / CSL-JSON). */
  inBibliography: boolean;
}

/** One author's name parts, decoded. */
export interface AuthorName {
  family: string;
  given?: string;
  /** The von part: "van der" of "van der Berg". */
  particle?: string;
  suffix?: string;
}

/** A problem with one piece of input, located so the user can go and fix it. */
export interface SourceError {
  file: string;
  /** 1-based line, when the problem can be pinned to one. */
  line?: number;
  message: string;
  /**
   * 'warning' for input that is dubious but handled the way BibTeX itself would (a key defined
   * twice: the first wins); anything else is an error. Default: 'error'.
   */
  severity?: 'error' | 'warning';
  /** The key of the entry the problem is in, when the entry got as far as its key. */
  key?: string;
}

/** True when `e` is only a warning. */
export const isWarning = (e: SourceError): boolean => e.severity === 'warning';

/** What loading any source gives: the good records, and every located error for the rest. */
export interface LoadResult {
  records: PaperRecord[];
  errors: SourceError[];
  /**
   * A BibTeX file's `@string` macros (lower-case names), which the .bib files read after it in the
   * same bibliography may use, as BibTeX reads `\bibliography{abbrev,refs}`.
   */
  strings?: Record<string, string>;
  /** The macros of earlier files this result was read with (`stringsDigest`); '' for none. */
  stringsIn?: string;
}

/** `file:line: message`, the form editors and terminals turn into links; warnings say so. */
export function formatSourceError(e: SourceError): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${isWarning(e) ? 'warning: ' : ''}${e.message}`;
}

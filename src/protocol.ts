/**
 * Messages between the Related Work sidebar (src/webview/) and the extension
 * (src/extension/sidebar/). Imported by both sides: no `vscode`, no DOM here.
 *
 * The extension owns the state and sends the whole view model on every change (a list of at most
 * 100 small cards); the webview only renders it and reports what the user did.
 */

/** What a list of papers was computed for. */
export type ResultSource = 'paragraph' | 'selection' | 'draft' | 'search' | 'similar';

/** One paper as the sidebar shows it: display strings only, already shortened. */
export interface PaperDto {
  /** Record id: how actions name the paper. */
  id: string;
  key?: string;
  title: string;
  /** "Xiao, Tian, … Lewis"; empty when unknown. */
  authors: string;
  /** "Xiao et al." for narrow views. */
  authorsShort: string;
  /** Every author, for the tooltip. */
  authorsFull: string;
  year?: number;
  /** "NeurIPS", "ACL", or the venue cut to a few words. */
  venue?: string;
  venueFull?: string;
  abstract?: string;
  /** Score relative to the best result of the list, in (0, 1]. */
  relevance: number;
  /** Draft words that made the paper match (surface forms). */
  matchedTerms: string[];
  alreadyCited: boolean;
  inBibliography: boolean;
  /** Where Open goes ("doi.org", "arxiv.org", a host name); absent when the record has no link. */
  link?: string;
  /** The online index that found the paper ("arXiv", "Semantic Scholar"); absent for library papers. */
  online?: string;
  /** More like this is offered: online search on and the paper has a DOI or an arXiv id. */
  similar?: boolean;
  /** One matched word and a score far below the best: folded under "N more weak matches". */
  weak?: boolean;
}

/** The online part of a result list: the papers from `from` on came from the online indexes. */
export interface OnlineSectionDto {
  /** "Online · arXiv, Semantic Scholar". */
  title: string;
  /** Index in `papers` of the first online paper (`papers.length` while pending or when none came). */
  from: number;
  /** The request is still running. */
  pending: boolean;
}

export interface StatusDto {
  state: 'idle' | 'loading' | 'ready' | 'error';
  papers: number;
  bibliographyEntries: number;
  /** Problems in the sources (warnings excluded). */
  problems: number;
  message?: string;
}

/** The main area of the view. */
export type ContentDto =
  | { kind: 'loading'; title: string; source?: ResultSource }
  | { kind: 'results'; title: string; source: ResultSource; papers: PaperDto[]; online?: OnlineSectionDto }
  | { kind: 'empty'; title?: string; source?: ResultSource; message: string; hint?: string }
  | { kind: 'error'; message: string };

export interface ViewModel {
  status: StatusDto;
  content: ContentDto;
  /** The search box text the extension is answering (echoed so the view can drop stale answers). */
  query: string;
  /** Increases with every model; the view ignores older ones. */
  revision: number;
}

/** Extension → webview. */
export type ToWebview =
  | { type: 'model'; model: ViewModel }
  /** Move the keyboard focus into the search box (Search Papers from the view title, `/`). */
  | { type: 'focusSearch' }
  /** A short confirmation under the search box ("Copied BibTeX of …"). */
  | { type: 'notice'; text: string };

export type PaperAction = 'insertCitation' | 'addToBibliography' | 'copyBibtex' | 'open' | 'moreLikeThis';

/** Webview → extension. */
export type FromWebview =
  /** The script loaded (first show, or shown again after being hidden): send the current model. */
  | { type: 'ready' }
  /** The search box changed (already debounced); an empty query goes back to the cursor's paragraph. */
  | { type: 'search'; query: string }
  | { type: 'action'; action: PaperAction; id: string }
  | { type: 'retry' }
  | { type: 'showLog' };

/** Name of the data-* attribute (on <body>) that carries the initial model as JSON. */
export const INITIAL_STATE_ATTRIBUTE = 'data-initial-state';

/**
 * Messages between the extension host (libraryService.ts / workerClient.ts) and the indexing
 * worker (corpusWorker.ts): one request union, one response union. Everything crosses the thread
 * boundary by structured clone, so only plain data goes in here (no functions, no class instances).
 * No `vscode` import: the worker bundle must not pull it in.
 */
import type { LoadProgress, SourceRole, SourceSpec } from '../../core/library';
import type { PaperRecord, SourceError } from '../../core/model';
import type { Suggestion } from '../../core/rank/rank';

/** A ranking request as the worker gets it (RankRequest in types.ts adds the host-side `channel`). */
export interface WorkerRankRequest {
  text: string;
  /**
   * For a whole draft: the passages (paragraphs) to rank one by one and fuse; `text` is then
   * only a description. See core `rankPassages`.
   */
  passages?: string[];
  /** Low-weight context: section title, draft title. */
  context?: string[];
  /** Keys the draft already cites (flagged, not hidden). */
  citedKeys?: string[];
  /** What the draft says around its citations elsewhere, [key, contexts] (core `paragraphRequest`). */
  citing?: [string, string[]][];
  limit?: number;
  /** Only the user's bibliography entries (for completion). */
  onlyBibliography?: boolean;
}

/** What one source gave in the last load. */
export interface SourceSummary {
  file: string;
  role: SourceRole;
  /** Records read from the file (before de-duplication). */
  records: number;
  /** Located problems of this file (warnings included). */
  errors: number;
  /** True when the file was read in this load (false: from the cache, or kept unchanged). */
  read: boolean;
  /** Time spent reading it, when known (Library.setSources does not report per-file times). */
  ms?: number;
}

/** The state of the library after a load operation (configure / reload). */
export interface LoadSummary {
  /**
   * 'open': a full open (cache or build); 'update': sources switched in place; 'reload': one file
   * re-read from disk; 'edit': one file re-read from an unsaved editor's text; 'abstracts': the
   * fetched abstracts taken anew.
   */
  kind: 'open' | 'update' | 'reload' | 'edit' | 'abstracts';
  papers: number;
  bibliographyEntries: number;
  errors: SourceError[];
  fromCache: boolean;
  sources: SourceSummary[];
  /** The file re-read, for 'reload' / 'edit'. */
  file?: string;
  /** Index changes of an 'update' / 'reload' / 'edit' / 'abstracts'; `unchanged`: the content had been read already, nothing was. */
  changes?: { added: number; removed: number; replaced: number; unchanged?: boolean };
  /** Wall time of the whole operation in the worker. */
  ms: number;
}

/** Every method of the worker: its parameters and its result. */
export interface WorkerMethods {
  /** Opens the library (first call, after a crash, or with `rebuild`), else switches sources in place. */
  /** abstractsFile: abstracts fetched online (an AbstractStore file); they fill records without one. */
  /** openTexts: [file, text] of unsaved editors, read instead of the disk (as `edit` sets them). */
  configure: {
    params: { sources: SourceSpec[]; cacheDir?: string; rebuild?: boolean; abstractsFile?: string; openTexts?: [string, string][] };
    result: LoadSummary;
  };
  /** Re-reads one source; a file that is not (or no longer) a source is ignored. */
  reload: { params: { file: string }; result: LoadSummary | undefined };
  /**
   * The text of an unsaved editor of `file`, read instead of the disk from now on (`text`
   * undefined: the disk again, after a save or a close); re-reads the file when it is a source.
   */
  edit: { params: { file: string; text?: string }; result: LoadSummary | undefined };
  /** Reads the abstract store again (new abstracts were fetched) and re-indexes only the records they fill. */
  reloadAbstracts: { params: Record<string, never>; result: LoadSummary | undefined };
  rank: { params: WorkerRankRequest; result: Suggestion[] };
  search: { params: { query: string; limit?: number }; result: Suggestion[] };
  /**
   * The online section after the local results of a search (core `onlineSection`): online papers
   * not among `shownIds`, those the library holds as the library's cards, ranked among themselves.
   */
  onlineSection: {
    params: { query: string; online: PaperRecord[]; shownIds: string[]; floor?: number; limit: number; citedKeys?: string[] };
    result: Suggestion[];
  };
  /** Online records in their order, those the library holds as the library's (core `resolveOnline`). */
  resolveOnline: { params: { online: PaperRecord[]; citedKeys?: string[] }; result: Suggestion[] };
  /** By citation key, else by record id; `null` for unknown keys (structured clone keeps holes as undefined anyway). */
  lookup: { params: { keys: string[] }; result: (PaperRecord | null)[] };
  /** Bibliography records: ranked by the request when given, the rest after in title order. */
  bibliography: { params: { request?: WorkerRankRequest }; result: PaperRecord[] };
}

export type WorkerMethod = keyof WorkerMethods;
export type ParamsOf<M extends WorkerMethod> = WorkerMethods[M]['params'];
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result'];

/**
 * Host → worker. A request with a `channel` supersedes any request of the same channel that is
 * still waiting in the worker's queue (the waiting one is answered with `superseded`).
 */
export type WorkerRequest = {
  [M in WorkerMethod]: { kind: 'request'; id: number; method: M; params: ParamsOf<M>; channel?: string };
}[WorkerMethod];

/** Worker → host. */
export type WorkerResponse =
  | { [M in WorkerMethod]: { kind: 'result'; id: number; method: M; result: ResultOf<M> } }[WorkerMethod]
  | { kind: 'error'; id: number; message: string; stack?: string }
  | { kind: 'superseded'; id: number }
  | { kind: 'progress'; id: number; progress: LoadProgress };

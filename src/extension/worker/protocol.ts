/**
 * Messages between the extension host (libraryService.ts / workerClient.ts) and the indexing
 * worker (corpusWorker.ts): one request union, one response union. Everything crosses the thread
 * boundary by structured clone, so only plain data goes in here (no functions, no class instances).
 * No `vscode` import: the worker bundle must not pull it in.
 */
import type { LoadProgress, SourceRole, SourceSpec } from '../../core/library';
import type { EngineApi } from '../../core/engine';
import type { SourceError } from '../../core/model';

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
  /** Why the index could not be cached (the library works without the cache). */
  cacheProblem?: string;
  /** Wall time of the whole operation in the worker. */
  ms: number;
}

/** What a worker is started with (its `workerData`): where its state lives on disk. */
export interface WorkerSetup {
  /** Where indexes are cached; none: every open builds. */
  cacheDir?: string;
  /** Abstracts fetched online (an AbstractStore file): they fill records that have none. */
  abstractsFile?: string;
}

/** What the worker does to the library it holds: each method's parameters and result. */
export interface LibraryMethods {
  /**
   * Opens the library (first call, after a crash, or with `rebuild`), else switches sources in
   * place. openTexts: [file, text] of unsaved editors, read instead of the disk (as `edit` sets them).
   */
  configure: {
    params: { sources: SourceSpec[]; rebuild?: boolean; openTexts?: [string, string][] };
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
}

/** The engine's questions, as the engine declares them (core/engine.ts): nothing copied here. */
export type EngineMethods = { [M in keyof EngineApi]: { params: Parameters<EngineApi[M]>[0]; result: ReturnType<EngineApi[M]> } };

/** The worker methods the engine answers (a table, so a method missing here fails to compile). */
export const ENGINE_METHODS: Readonly<Record<keyof EngineApi, true>> = {
  suggest: true,
  search: true,
  lookup: true,
  bibliography: true,
  papersToCite: true,
  onlineSection: true,
  resolveOnline: true,
  citeEdit: true,
  planEntry: true,
};

/** Every method of the worker: its parameters and its result. */
export type WorkerMethods = LibraryMethods & EngineMethods;

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

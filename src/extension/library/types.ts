/**
 * What the extension's features may ask of the library. The index itself lives off the
 * extension host thread (see libraryService.ts); every call here is asynchronous and cheap to
 * make while the user types.
 */
import type { Event } from 'vscode';
import type { SourceSpec } from '../../core/library';
import type { SourceError } from '../../core/model';
import type { EngineApi } from '../../core/engine';
import type { LoadSummary, SourceSummary } from '../worker/protocol';

export type { SourceSummary } from '../worker/protocol';

export type LibraryState = 'idle' | 'loading' | 'ready' | 'error';

export interface LibraryStatus {
  state: LibraryState;
  /** Papers in the index (after de-duplication). */
  papers: number;
  /** Entries from the user's own bibliography files. */
  bibliographyEntries: number;
  /** Every located problem of the current sources (warnings included). */
  errors: SourceError[];
  fromCache: boolean;
  /** What went wrong when state is 'error'. */
  message?: string;
  /** Each source in use with what it gave in the last load (empty before the first load). */
  sources?: SourceSummary[];
}

/**
 * Requests of one caller that may supersede each other (e.g. 'sidebar'): a request of this
 * channel still waiting for the worker when a newer one of the same channel arrives is dropped,
 * and its promise rejects with a SupersededError (test with `isSuperseded`, and ignore it).
 * Without a channel, every request is answered.
 */
export interface ChannelOptions {
  channel?: string;
}

/** True for the rejection of a request superseded by a newer one of the same channel: ignore it. */
export function isSuperseded(err: unknown): boolean {
  return err instanceof Error && err.name === 'SupersededError';
}

/**
 * The engine's questions (core/engine.ts `EngineApi`, answered in the worker) as the host asks
 * them: asynchronously, on an optional channel. Made from `EngineApi`, so a new question or field
 * is declared once, in core.
 */
export type EngineClient = {
  [M in keyof EngineApi]: (params: Parameters<EngineApi[M]>[0], options?: ChannelOptions) => Promise<ReturnType<EngineApi[M]>>;
};

export interface LibraryService extends EngineClient {
  readonly onDidChangeStatus: Event<LibraryStatus>;
  /** After every load: what was read (nothing, for a re-read that found the content it had), every problem. */
  readonly onDidLoad: Event<LoadSummary>;
  readonly status: LibraryStatus;
  /** Resolves once the first index is ready (or failed). */
  whenReady(): Promise<void>;
  /**
   * Sets the sources (bibliographies of the active draft, corpus files, bundled corpus): new ones
   * are read, dropped ones removed, unchanged ones kept — the index is updated, not rebuilt.
   */
  configure(sources: SourceSpec[]): Promise<void>;
  /** Re-reads one source file that changed on disk. */
  reloadFile(file: string): Promise<void>;
  /**
   * The text of an unsaved editor of a source file, indexed instead of the file on disk
   * (undefined: the disk again, after a save or a close). A text already indexed is not re-read.
   */
  setOpenText(file: string, text: string | undefined): Promise<void>;
  /** Takes the fetched abstracts anew (after Fetch Missing Abstracts): re-indexes only the records they fill. */
  reloadAbstracts(): Promise<void>;
  /** Drops the cache and builds anew. */
  rebuild(): Promise<void>;
}

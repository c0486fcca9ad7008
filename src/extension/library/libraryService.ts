/**
 * The LibraryService of the extension host: a thin, typed client of the indexing worker
 * (corpusWorker.ts), plus status, progress and readiness.
 *
 * - Every load (configure / reloadFile / rebuild) runs in the worker; the host only sees a small
 *   summary. Status is 'loading' while any load is in flight.
 * - Superseding: rank/search requests may carry a `channel`; the worker drops a waiting request
 *   when a newer one of the same channel arrives (its promise rejects with SupersededError). So a
 *   burst of rank requests typed while 100k papers index costs one ranking, not fifty.
 * - Crashes: if the worker dies, pending requests reject, status becomes 'error' with the reason,
 *   and the next call starts a new worker and re-opens the last sources (from the cache, usually) —
 *   unless the crash happened while loading those very sources (e.g. out of memory on a huge
 *   corpus): then it stays in 'error' until configure() gets other sources or rebuild() is run,
 *   instead of crashing again on every keystroke.
 */
import * as vscode from 'vscode';
import { describeProgress, type LoadProgress, type SourceSpec } from '../../core/library';
import { displayName } from './problemReporter';
import type { EngineApi } from '../../core/engine';
import type { Log } from '../log';
import { Disposable } from '../util/dispose';
import type { EngineClient, LibraryService, LibraryStatus } from './types';
import { WorkerClient, WorkerCrashedError } from './workerClient';
import type { LoadSummary, ParamsOf, WorkerSetup } from '../worker/protocol';

export interface LibraryServiceOptions {
  /** Absolute path of dist/corpusWorker.js. */
  workerScript: string;
  /** Where the worker caches indexes (globalStorage/index). */
  cacheDir: string;
  /** Abstracts fetched online (Fetch Missing Abstracts): they fill records that have none. */
  abstractsFile?: string;
  log: Log;
  /** Show the notification of a first (uncached) build only if it takes longer than this. Default 1000 ms. */
  notificationDelayMs?: number;
}

const EMPTY: LibraryStatus = { state: 'idle', papers: 0, bibliographyEntries: 0, errors: [], fromCache: false, sources: [] };

export class WorkerLibraryService extends Disposable implements LibraryService {
  private readonly _onDidChangeStatus = this._register(new vscode.EventEmitter<LibraryStatus>());
  readonly onDidChangeStatus = this._onDidChangeStatus.event;
  private readonly _onDidLoad = this._register(new vscode.EventEmitter<LoadSummary>());
  /** After every load that changed something: what each source gave, every problem. */
  readonly onDidLoad = this._onDidLoad.event;

  private readonly client: WorkerClient;
  private _status: LibraryStatus = EMPTY;
  private sources: SourceSpec[] | undefined;
  /** Unsaved editors' texts of source files (the worker reads them instead of the disk); re-sent after a crash. */
  private readonly openTexts = new Map<string, string>();
  private loads = 0;
  private lastLoadError: string | undefined;
  /** The cache-write warning has been shown this session. */
  private cacheProblemShown = false;
  private needsReopen = false;
  private crashedWhileLoading = false;
  private firstBuildShown = false;
  private readonly ready: Promise<void>;
  private resolveReady!: () => void;

  readonly suggest = this.asker('suggest');
  readonly search = this.asker('search');
  readonly lookup = this.asker('lookup');
  readonly bibliography = this.asker('bibliography');
  readonly papersToCite = this.asker('papersToCite');
  readonly onlineSection = this.asker('onlineSection');
  readonly resolveOnline = this.asker('resolveOnline');
  readonly citeEdit = this.asker('citeEdit');
  readonly planEntry = this.asker('planEntry');

  constructor(private readonly options: LibraryServiceOptions) {
    super();
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.client = this._register(
      new WorkerClient({
        script: options.workerScript,
        workerOptions: { name: 'related-work-index', workerData: { cacheDir: options.cacheDir, abstractsFile: options.abstractsFile } satisfies WorkerSetup },
        onCrash: (err) => this.onCrash(err),
      }),
    );
  }

  get status(): LibraryStatus {
    return this._status;
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Where indexes are cached. */
  get cacheDir(): string {
    return this.options.cacheDir;
  }

  /** Times the worker thread was started (more than 1 after a crash); for tests and the log. */
  get workerStarts(): number {
    return this.client.starts;
  }

  /** Stops the worker as a crash would (tests use it to check recovery). */
  async terminateWorker(): Promise<void> {
    await this.client.terminate();
    this.onCrash(new WorkerCrashedError('the indexing worker was stopped'));
  }

  async configure(sources: SourceSpec[]): Promise<void> {
    this.sources = [...sources];
    this.needsReopen = false; // configure opens a fresh worker's library by itself
    this.crashedWhileLoading = false;
    await this.load('configure', this.configureParams());
  }

  async reloadFile(file: string): Promise<void> {
    if (!this.sources?.some((s) => s.file === file)) return;
    if (this.prepare()) return; // the re-open reads every file anyway
    await this.load('reload', { file });
  }

  async setOpenText(file: string, text: string | undefined): Promise<void> {
    if (text === undefined ? !this.openTexts.delete(file) : this.openTexts.get(file) === text) return;
    if (text !== undefined) this.openTexts.set(file, text);
    if (this.prepare()) return; // the re-open reads the open texts
    await this.load('edit', { file, text });
  }

  async reloadAbstracts(): Promise<void> {
    if (this.prepare()) return; // the re-open reads the abstract store
    await this.load('reloadAbstracts', {});
  }

  async rebuild(): Promise<void> {
    if (!this.sources) return;
    this.needsReopen = false;
    this.crashedWhileLoading = false;
    await this.load('rebuild', { ...this.configureParams(), rebuild: true });
  }

  private configureParams(): ParamsOf<'configure'> {
    return { sources: this.sources ?? [], ...(this.openTexts.size ? { openTexts: [...this.openTexts] } : {}) };
  }

  /** Asks the engine in the worker (re-opening the library first after a crash). */
  private asker<M extends keyof EngineApi>(method: M): EngineClient[M] {
    const ask = (params: Parameters<EngineApi[M]>[0], options: { channel?: string } = {}) => {
      this.prepare();
      return this.client.request(method, params as ParamsOf<M>, { channel: options.channel });
    };
    return ask as EngineClient[M];
  }

  /**
   * After a crash, sends the re-open of the last sources ahead of the caller's request (the
   * worker runs requests in order, so the caller's request sees the re-opened library).
   * Returns true when a re-open was sent.
   */
  private prepare(): boolean {
    if (!this.needsReopen || !this.sources || this.crashedWhileLoading) return false;
    this.needsReopen = false;
    this.options.log.info('restarting the indexing worker');
    void this.load('configure', this.configureParams());
    return true;
  }

  private async load<W extends 'configure' | 'rebuild' | 'reload' | 'edit' | 'reloadAbstracts'>(
    what: W,
    params: ParamsOf<W extends 'rebuild' ? 'configure' : W>,
  ): Promise<void> {
    this.loads++;
    this.setStatus({ ...this._status, state: 'loading', message: undefined });
    const progressSinks: vscode.Progress<{ message?: string }>[] = [];
    let notify: (() => void) | undefined;
    let op!: Promise<LoadSummary | undefined>;
    const onProgress = (progress: LoadProgress) => {
      // A cache miss on open shows up as a read: the first such build gets a notification.
      if (!this.firstBuildShown && what === 'configure' && progress.phase === 'read') {
        this.firstBuildShown = true;
        notify = () => void this.notification('Related Work: building the paper index', op, progressSinks);
        setTimeout(() => notify?.(), this.options.notificationDelayMs ?? 1000);
      }
      const message = describeProgress(progress, displayName);
      for (const p of progressSinks) p.report({ message });
    };
    const method = what === 'rebuild' ? 'configure' : what;
    op = this.client.request(method as 'configure', params as ParamsOf<'configure'>, { onProgress });
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Related Work' }, (progress) => {
      progressSinks.push(progress);
      return op.catch(() => undefined);
    });
    if (what === 'rebuild') void this.notification('Related Work: rebuilding the paper index', op, progressSinks);
    try {
      const summary = await op;
      notify = undefined;
      this.loads--;
      this.lastLoadError = undefined;
      if (summary) this.applySummary(summary);
      else this.setStatus({ ...this._status, state: this.loads > 0 ? 'loading' : 'ready' });
      if (summary) this._onDidLoad.fire(summary);
    } catch (e) {
      notify = undefined;
      this.loads--;
      const message = e instanceof Error ? e.message : String(e);
      this.lastLoadError = message;
      this.options.log.error(`loading the library failed (${what})`, e);
      this.setStatus({ ...this._status, state: this.loads > 0 ? 'loading' : 'error', message });
    } finally {
      this.resolveReady();
    }
  }

  private notification(title: string, op: Promise<unknown>, sinks: vscode.Progress<{ message?: string }>[]): Thenable<unknown> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) => {
      sinks.push(progress);
      return op.catch(() => undefined);
    });
  }

  private applySummary(s: LoadSummary): void {
    if (s.cacheProblem && !this.cacheProblemShown) {
      // Once a session: every start rebuilds meanwhile, which is slower but works.
      this.cacheProblemShown = true;
      this.options.log.warn(s.cacheProblem);
      void vscode.window.showWarningMessage(`Related Work: ${s.cacheProblem}.`);
    }
    this.setStatus({
      state: this.loads > 0 ? 'loading' : 'ready',
      papers: s.papers,
      bibliographyEntries: s.bibliographyEntries,
      errors: s.errors,
      fromCache: s.fromCache,
      sources: s.sources,
    });
  }

  private onCrash(err: WorkerCrashedError): void {
    if (this.isDisposed) return;
    this.needsReopen = true;
    if (this.loads > 0) this.crashedWhileLoading = true;
    this.options.log.error(
      this.crashedWhileLoading
        ? `${err.message} while loading; run "Related Work: Rebuild Index" or change the sources to try again`
        : `${err.message}; it restarts with the next request`,
    );
    this.setStatus({ ...this._status, state: 'error', message: err.message });
    this.resolveReady();
  }

  private setStatus(status: LibraryStatus): void {
    if (status.state === 'ready' && this.lastLoadError) status = { ...status, state: 'error', message: this.lastLoadError };
    this._status = status;
    this._onDidChangeStatus.fire(status);
  }
}

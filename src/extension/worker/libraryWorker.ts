/**
 * What the indexing worker does with each request (no `vscode`, no `worker_threads`:
 * corpusWorker.ts binds it to the thread, unit tests call it directly). It owns the library
 * state (sources, unsaved editor texts, fetched abstracts) and hosts the core Engine as it is:
 * every engine question goes to `Engine` unchanged.
 */
import { Engine, type EngineApi } from '../../core/engine';
import { Library, type LoadProgress, type SourceSpec } from '../../core/library';
import { AbstractStore } from '../../core/online/enrich';
import { OverlayReader } from '../../core/sources/reader';
import { prepareRanking } from '../../core/rank/rank';
import {
  ENGINE_METHODS,
  type EngineMethods,
  type LoadSummary,
  type ParamsOf,
  type ResultOf,
  type SourceSummary,
  type WorkerMethod,
  type WorkerSetup,
} from './protocol';

const isEngineMethod = (method: WorkerMethod): method is keyof EngineMethods => Object.hasOwn(ENGINE_METHODS, method);

export class LibraryWorker {
  private library: Library | undefined;
  /** Over the library's index (an empty one before the first open or after a failed one). */
  private engine = new Engine();
  private readonly cacheDir: string | undefined;
  private readonly abstractsFile: string | undefined;
  /** The disk, under the text of the user's unsaved editors of source files. */
  private readonly reader = new OverlayReader();
  /** The index changed in place (sources switched, a file re-read) since it was last cached. */
  private unsaved = false;

  constructor({ cacheDir, abstractsFile }: WorkerSetup = {}) {
    this.cacheDir = cacheDir;
    this.abstractsFile = abstractsFile;
  }

  /** True when the index changed since it was cached: `save()` would write it. */
  get needsSave(): boolean {
    return this.unsaved && this.library !== undefined && this.cacheDir !== undefined;
  }

  /**
   * Caches the current index (Library.open only caches what it builds; after setSources or a
   * reload the next start would otherwise rebuild from scratch). Returns the time it took, or
   * undefined when there was nothing to save.
   */
  async save(): Promise<number | undefined> {
    if (!this.needsSave) return undefined;
    const t0 = performance.now();
    this.unsaved = false;
    await this.library!.save(this.cacheDir!);
    return performance.now() - t0;
  }

  /** Runs one request; `progress` hears where an open is. */
  async handle<M extends WorkerMethod>(method: M, params: ParamsOf<M>, progress: (progress: LoadProgress) => void = () => {}): Promise<ResultOf<M>> {
    if (isEngineMethod(method)) {
      const ask = this.engine[method] as (this: EngineApi, p: ParamsOf<M>) => ResultOf<M>;
      return ask.call(this.engine, params);
    }
    switch (method) {
      case 'configure':
        return (await this.configure(params as ParamsOf<'configure'>, progress)) as ResultOf<M>;
      case 'reload':
        return (await this.reload((params as ParamsOf<'reload'>).file, 'reload')) as ResultOf<M>;
      case 'edit': {
        const { file, text } = params as ParamsOf<'edit'>;
        this.reader.set(file, text);
        return (await this.reload(file, 'edit')) as ResultOf<M>;
      }
      case 'reloadAbstracts':
        return (await this.reloadAbstracts()) as ResultOf<M>;
      default:
        throw new Error(`unknown method "${String(method)}"`);
    }
  }

  private async configure(
    { sources, rebuild, openTexts }: ParamsOf<'configure'>,
    progress: (progress: LoadProgress) => void,
  ): Promise<LoadSummary> {
    const t0 = performance.now();
    for (const [file, text] of openTexts ?? []) this.reader.set(file, text);
    const { cacheDir, abstractsFile } = this;
    if (this.library && !rebuild) {
      this.unsaved = true;
      const before = new Set(this.library.sources.map(specKey));
      const changes = await this.library.setSources(sources);
      return this.summary('update', t0, { changes, readNow: new Set(sources.map(specKey).filter((k) => !before.has(k))) });
    }
    // Per-source read times, from the progress Library.open reports before each file.
    const times = new Map<string, number>();
    let reading: { file: string; since: number } | undefined;
    const onProgress = (p: LoadProgress) => {
      const now = performance.now();
      if (reading) times.set(reading.file, now - reading.since);
      reading = p.phase === 'read' && p.file !== undefined ? { file: p.file, since: now } : undefined;
      progress(p);
    };
    this.library = undefined; // a failed open leaves no half-library behind
    this.engine = new Engine();
    const abstracts = abstractsFile ? await new AbstractStore(abstractsFile).lookup() : undefined;
    const library = await Library.open({ sources, cacheDir, rebuild, onProgress, abstracts, reader: this.reader });
    this.library = library;
    this.engine = new Engine(library.index);
    this.unsaved = false;
    return this.summary('open', t0, { times });
  }

  private async reloadAbstracts(): Promise<LoadSummary | undefined> {
    const library = this.library;
    if (!library) return undefined;
    const t0 = performance.now();
    const abstracts = this.abstractsFile ? await new AbstractStore(this.abstractsFile).lookup() : undefined;
    const changes = library.setAbstracts(abstracts);
    this.unsaved = true;
    return this.summary('abstracts', t0, { changes });
  }

  private async reload(file: string, kind: 'reload' | 'edit'): Promise<LoadSummary | undefined> {
    const library = this.library;
    if (!library || !library.sources.some((s) => s.file === file)) return undefined;
    const t0 = performance.now();
    const changes = await library.reload(file);
    if (changes.unchanged) return this.summary(kind, t0, { changes, file });
    this.unsaved = true;
    return this.summary(kind, t0, { changes, file, times: new Map([[file, performance.now() - t0]]) });
  }

  private summary(
    kind: LoadSummary['kind'],
    t0: number,
    extra: { changes?: LoadSummary['changes']; file?: string; times?: Map<string, number>; readNow?: Set<string> },
  ): LoadSummary {
    const library = this.library!;
    // Here rather than on the first ranking: the sidebar asks for one as soon as the library is ready.
    prepareRanking(library.index);
    const sources: SourceSummary[] = library.sources.map((s) => {
      const r = library.sourceResult(s.file);
      const ms = extra.times?.get(s.file);
      return {
        file: s.file,
        role: s.role,
        records: r?.records.length ?? 0,
        errors: r?.errors.length ?? 0,
        read: ms !== undefined || (extra.readNow?.has(specKey(s)) ?? false),
        ...(ms !== undefined ? { ms: Math.round(ms) } : {}),
      };
    });
    return {
      kind,
      papers: library.size,
      bibliographyEntries: library.bibliographyRecords().length,
      errors: library.errors,
      fromCache: kind === 'open' && library.fromCache,
      sources,
      ...(extra.file ? { file: extra.file } : {}),
      ...(extra.changes ? { changes: extra.changes } : {}),
      ...(library.cacheProblem ? { cacheProblem: library.cacheProblem } : {}),
      ms: Math.round(performance.now() - t0),
    };
  }
}

const specKey = (s: SourceSpec) => `${s.role}\0${s.file}`;

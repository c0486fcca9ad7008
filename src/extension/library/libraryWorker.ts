/**
 * What the indexing worker does with each request, on a core `Library` (no `vscode`, no
 * `worker_threads`: corpusWorker.ts binds it to the thread, unit tests call it directly).
 */
import { Library, type LoadProgress, type SourceSpec } from '../../core/library';
import type { PaperRecord } from '../../core/model';
import { AbstractStore } from '../../core/online/enrich';
import { onlineSection, resolveOnline } from '../../core/online/merge';
import { OverlayReader } from '../../core/sources/reader';
import { prepareRanking, rankPassages, rankText, requestOptions, type Suggestion } from '../../core/rank/rank';
import type { LoadSummary, ParamsOf, ResultOf, SourceSummary, WorkerMethod, WorkerRankRequest } from './workerProtocol';

const titleOrder = (a: PaperRecord, b: PaperRecord) =>
  a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

export class LibraryWorker {
  private library: Library | undefined;
  private byKey: Map<string, PaperRecord> | undefined;
  private cacheDir: string | undefined;
  private abstractsFile: string | undefined;
  /** The disk, under the text of the user's unsaved editors of source files. */
  private readonly reader = new OverlayReader();
  /** The index changed in place (sources switched, a file re-read) since it was last cached. */
  private unsaved = false;

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
    const p = params as never;
    switch (method) {
      case 'configure':
        return (await this.configure(p, progress)) as ResultOf<M>;
      case 'reload':
        return (await this.reload((params as ParamsOf<'reload'>).file, 'reload')) as ResultOf<M>;
      case 'edit': {
        const { file, text } = params as ParamsOf<'edit'>;
        this.reader.set(file, text);
        return (await this.reload(file, 'edit')) as ResultOf<M>;
      }
      case 'reloadAbstracts':
        return (await this.reloadAbstracts()) as ResultOf<M>;
      case 'rank':
        return this.rank(p) as ResultOf<M>;
      case 'search': {
        const { query, limit } = params as ParamsOf<'search'>;
        return (this.library ? rankText(this.library.index, query, { limit }) : []) as ResultOf<M>;
      }
      case 'onlineSection': {
        const { query, online, shownIds, floor, limit, citedKeys } = params as ParamsOf<'onlineSection'>;
        if (!this.library) return [] as ResultOf<M>;
        return onlineSection(this.library.index, query, online, { shownIds, floor, limit, citedKeys: citedKeys && new Set(citedKeys) }) as ResultOf<M>;
      }
      case 'resolveOnline': {
        const { online, citedKeys } = params as ParamsOf<'resolveOnline'>;
        if (!this.library) return [] as ResultOf<M>;
        return resolveOnline(this.library.index, online, { citedKeys: citedKeys && new Set(citedKeys) }) as ResultOf<M>;
      }
      case 'lookup':
        return this.lookup((params as ParamsOf<'lookup'>).keys) as ResultOf<M>;
      case 'bibliography':
        return this.bibliography((params as ParamsOf<'bibliography'>).request) as ResultOf<M>;
      default:
        throw new Error(`unknown method "${String(method)}"`);
    }
  }

  private async configure(
    { sources, cacheDir, rebuild, abstractsFile, openTexts }: ParamsOf<'configure'>,
    progress: (progress: LoadProgress) => void,
  ): Promise<LoadSummary> {
    const t0 = performance.now();
    for (const [file, text] of openTexts ?? []) this.reader.set(file, text);
    this.byKey = undefined;
    this.cacheDir = cacheDir;
    this.abstractsFile = abstractsFile;
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
    const abstracts = abstractsFile ? await new AbstractStore(abstractsFile).lookup() : undefined;
    const library = await Library.open({ sources, cacheDir, rebuild, onProgress, abstracts, reader: this.reader });
    this.library = library;
    this.unsaved = false;
    return this.summary('open', t0, { times });
  }

  private async reloadAbstracts(): Promise<LoadSummary | undefined> {
    const library = this.library;
    if (!library) return undefined;
    const t0 = performance.now();
    const abstracts = this.abstractsFile ? await new AbstractStore(this.abstractsFile).lookup() : undefined;
    const changes = library.setAbstracts(abstracts);
    this.byKey = undefined;
    this.unsaved = true;
    return this.summary('abstracts', t0, { changes });
  }

  private async reload(file: string, kind: 'reload' | 'edit'): Promise<LoadSummary | undefined> {
    const library = this.library;
    if (!library || !library.sources.some((s) => s.file === file)) return undefined;
    const t0 = performance.now();
    const changes = await library.reload(file);
    if (changes.unchanged) return this.summary(kind, t0, { changes, file });
    this.byKey = undefined;
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
      ms: Math.round(performance.now() - t0),
    };
  }

  private rank(request: WorkerRankRequest): Suggestion[] {
    if (!this.library) return [];
    const options = {
      ...requestOptions(request),
      limit: request.limit,
      filter: request.onlyBibliography ? (r: PaperRecord) => r.inBibliography : undefined,
    };
    return request.passages?.length
      ? rankPassages(this.library.index, request.passages, options)
      : rankText(this.library.index, request.text, options);
  }

  private lookup(keys: string[]): (PaperRecord | null)[] {
    const library = this.library;
    if (!library) return keys.map(() => null);
    if (!this.byKey) {
      // Keys of the user's bibliography win over a corpus bibkey that happens to be the same.
      this.byKey = new Map();
      for (const r of library.index.records()) {
        if (r.key && (!this.byKey.has(r.key) || r.inBibliography)) this.byKey.set(r.key, r);
      }
    }
    return keys.map((k) => this.byKey!.get(k) ?? library.index.get(k) ?? null);
  }

  private bibliography(request: WorkerRankRequest | undefined): PaperRecord[] {
    const library = this.library;
    if (!library) return [];
    const all = library.bibliographyRecords();
    if (!request) return all.sort(titleOrder);
    const ranked = this.rank({ ...request, onlyBibliography: true, limit: all.length }).map((s) => s.record);
    const seen = new Set(ranked.map((r) => r.id));
    return [...ranked, ...all.filter((r) => !seen.has(r.id)).sort(titleOrder)];
  }
}

const specKey = (s: SourceSpec) => `${s.role}\0${s.file}`;

/**
 * The user's library: every configured source, what each gave, the de-duplicated records and
 * the index over them. The one place where sources become an index, for the CLI and the extension.
 */
import { dedupeRecords } from './dedupe';
import { cacheKey, readCache, writeCache } from './index/cache';
import { PaperIndex } from './index/paperIndex';
import type { LoadResult, PaperRecord, SourceError } from './model';
import { loadSourceFile } from './sources/load';

/** bibliography: the user's own .bib / CSL-JSON; corpus: extra papers; default: the bundled corpus. */
export type SourceRole = 'bibliography' | 'corpus' | 'default';

export interface SourceSpec {
  file: string;
  role: SourceRole;
}

export interface OpenOptions {
  sources: SourceSpec[];
  /** Where to keep the index between runs; no caching when absent. */
  cacheDir?: string;
  /** Ignore the cache and build anew (the result is still cached). */
  rebuild?: boolean;
  /** Called with short human-readable progress messages. */
  onProgress?: (message: string) => void;
}

const KIND_OF_ROLE = { corpus: 'corpus', default: 'default' } as const;

async function loadSource(spec: SourceSpec): Promise<LoadResult> {
  return loadSourceFile(spec.file, spec.role === 'bibliography' ? {} : { kind: KIND_OF_ROLE[spec.role] });
}

/** Bibliography records first, so de-duplication keeps the user's own keys. */
function orderForMerge(specs: SourceSpec[]): number[] {
  const rank = (r: SourceRole) => (r === 'bibliography' ? 0 : r === 'corpus' ? 1 : 2);
  return specs.map((_, i) => i).sort((a, b) => rank(specs[a].role) - rank(specs[b].role) || a - b);
}

export class Library {
  private constructor(
    private readonly specs: SourceSpec[],
    private readonly results: LoadResult[],
    readonly index: PaperIndex,
    /** True when the index came from the cache instead of being built. */
    readonly fromCache: boolean,
  ) {}

  /** Loads every source (or the cached index when no source changed) and builds the index. */
  static async open(options: OpenOptions): Promise<Library> {
    const { sources, cacheDir, onProgress, rebuild } = options;
    const key = cacheDir ? await cacheKey(sources.map((s) => ({ role: s.role, file: s.file }))) : undefined;
    if (cacheDir && key && !rebuild) {
      const cached = await readCache(cacheDir, key);
      if (cached) {
        onProgress?.('loading cached index');
        const results = cached.sources.map((s) => s.result);
        const index = PaperIndex.fromJSON(cached.index, merge(sources, results));
        return new Library(sources, results, index, true);
      }
    }
    const results: LoadResult[] = [];
    for (const spec of sources) {
      onProgress?.(`reading ${spec.file}`);
      results.push(await loadSource(spec));
    }
    const records = merge(sources, results);
    onProgress?.(`indexing ${records.length.toLocaleString('en-US')} papers`);
    const index = PaperIndex.build(records);
    const library = new Library(sources, results, index, false);
    if (cacheDir && key) await library.save(cacheDir, key);
    return library;
  }

  /** Every located problem of every source. */
  get errors(): SourceError[] {
    return this.results.flatMap((r) => r.errors);
  }

  get size(): number {
    return this.index.size;
  }

  /** What one source gave (records before de-duplication, and its errors). */
  sourceResult(file: string): LoadResult | undefined {
    const i = this.specs.findIndex((s) => s.file === file);
    return i < 0 ? undefined : this.results[i];
  }

  /** Records from the user's bibliography files, after de-duplication. */
  bibliographyRecords(): PaperRecord[] {
    return [...this.index.records()].filter((r) => r.inBibliography);
  }

  /**
   * Re-reads one source after it changed on disk and updates the index in place: only the
   * records of that source (and those merged with them) are re-indexed.
   */
  async reload(file: string): Promise<{ added: number; removed: number; replaced: number }> {
    const i = this.specs.findIndex((s) => s.file === file);
    if (i < 0) throw new Error(`${file}: not a source of this library`);
    this.results[i] = await loadSource(this.specs[i]);
    return this.index.update(merge(this.specs, this.results));
  }

  /** Writes the index to the cache directory. */
  async save(cacheDir: string, key?: string): Promise<void> {
    const k = key ?? (await cacheKey(this.specs.map((s) => ({ role: s.role, file: s.file }))));
    await writeCache(cacheDir, {
      key: k,
      sources: this.specs.map((s, i) => ({ file: s.file, result: this.results[i] })),
      index: this.index.toJSON(),
    });
  }
}

function merge(specs: SourceSpec[], results: LoadResult[]): PaperRecord[] {
  return dedupeRecords(orderForMerge(specs).flatMap((i) => results[i].records));
}

/**
 * The user's library: every configured source, what each gave, the de-duplicated records and
 * the index over them. The one place where sources become an index, for the CLI and the extension.
 */
import { dedupeRecords, duplicateRoots } from './dedupe';
import { fileSystemReason } from './atomicFile';
import { cacheKey, readCache, writeCache } from './index/cache';
import { PaperIndex, type SerializedIndex } from './index/paperIndex';
import type { LoadResult, PaperRecord, SourceError } from './model';
import { loadSourceFile, stringsDigest } from './sources/load';
import { DISK_READER, type SourceReader } from './sources/reader';

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
  /** Called as the open goes (describeProgress words it for people). */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Abstracts fetched elsewhere (the `enrich` store) for records that have none. Applied after
   * de-duplication to copies of the records; the sources and their results are never changed.
   */
  abstracts?: AbstractLookup;
  /** Where sources are read from (default: the disk; the extension overlays unsaved editors). */
  reader?: SourceReader;
}

/**
 * Where an open is: 'cache' loading the cached index; 'read' reading source `file`, the
 * `done`-th of `total` sources; 'index' indexing `total` papers.
 */
export interface LoadProgress {
  phase: 'cache' | 'read' | 'index';
  file?: string;
  done: number;
  total: number;
}

/** A progress report as a short phrase ("reading refs.bib (2/3)"), with `name` shortening file paths. */
export function describeProgress(p: LoadProgress, name: (file: string) => string = (f) => f): string {
  switch (p.phase) {
    case 'cache':
      return 'loading the cached index';
    case 'read':
      return p.total > 1 ? `reading ${name(p.file ?? '')} (${p.done + 1}/${p.total})` : `reading ${name(p.file ?? '')}`;
    case 'index':
      return `indexing ${p.total.toLocaleString('en-US')} papers`;
  }
}

/** Abstracts known outside the sources, and a version that changes whenever they do. */
export interface AbstractLookup {
  /** The abstract for `record`, which has none, if known. */
  get(record: PaperRecord): string | undefined;
  /** Changes with the abstracts (a content hash): part of the index cache key. */
  readonly version: string;
}

const KIND_OF_ROLE = { corpus: 'corpus', default: 'default' } as const;

function loadSource(spec: SourceSpec, reader: SourceReader, strings: Record<string, string>): Promise<LoadResult> {
  return loadSourceFile(spec.file, spec.role === 'bibliography' ? { reader, strings } : { kind: KIND_OF_ROLE[spec.role], reader });
}

/**
 * The `@string` macros that source `i` is read with: those of the bibliography .bib files before
 * it, in order (BibTeX reads `\bibliography{abbrev,refs}` as one text, so refs.bib may use the
 * journal abbreviations abbrev.bib defines). Only a bibliography file uses them.
 */
function stringsBefore(specs: readonly SourceSpec[], results: readonly (LoadResult | undefined)[], i: number): Record<string, string> {
  const strings: Record<string, string> = Object.create(null);
  if (specs[i]?.role !== 'bibliography') return strings;
  for (let j = 0; j < i; j++) if (specs[j]!.role === 'bibliography' && results[j]?.strings) Object.assign(strings, results[j]!.strings);
  return strings;
}

/** Whether a result was read with other macros than `strings` (an earlier .bib's changed). */
function readWithOther(result: LoadResult, strings: Record<string, string>): boolean {
  return result.stringsIn !== undefined && result.stringsIn !== stringsDigest(strings);
}

/** What a change of sources did to the index; `unchanged` when nothing was read (the content was the same). */
export interface IndexChanges {
  added: number;
  removed: number;
  replaced: number;
  unchanged?: boolean;
}

/** Bibliography records first, so de-duplication keeps the user's own keys. */
function orderForMerge(specs: SourceSpec[]): number[] {
  const rank = (r: SourceRole) => (r === 'bibliography' ? 0 : r === 'corpus' ? 1 : 2);
  return specs.map((_, i) => i).sort((a, b) => rank(specs[a].role) - rank(specs[b].role) || a - b);
}

export class Library {
  private constructor(
    private specs: SourceSpec[],
    private results: LoadResult[],
    /** The last merge of the sources' records: its errors, and its groups for the cache. */
    private merged: Merged,
    readonly index: PaperIndex,
    /** True when the index came from the cache instead of being built. */
    readonly fromCache: boolean,
    private readonly filler: AbstractFiller,
    private readonly reader: SourceReader,
    /** The fingerprint of what each source's result was read from, where known. */
    private readonly fingerprints: Map<string, string>,
  ) {}

  /** Loads every source (or the cached index when no source changed) and builds the index. */
  static async open(options: OpenOptions): Promise<Library> {
    const { sources, cacheDir, onProgress, rebuild } = options;
    const filler = new AbstractFiller(options.abstracts);
    const reader = options.reader ?? DISK_READER;
    // Taken before reading: a file that changes meanwhile is read again at its next reload.
    const fingerprints = new Map<string, string>();
    if (cacheDir) for (const s of sources) fingerprints.set(s.file, await reader.fingerprint(s.file));
    const key = cacheDir ? cacheKey(sources.map((s) => ({ ...s, fingerprint: fingerprints.get(s.file)! })), options.abstracts?.version) : undefined;
    if (cacheDir && key && !rebuild) {
      const cached = await readCache(cacheDir, key);
      if (cached) {
        onProgress?.({ phase: 'cache', done: 0, total: 1 });
        const results = cached.sources.map((s) => s.result);
        const merged = merge(sources, results, filler, cached.duplicateRoots);
        const index = restore(cached.index, merged.records);
        // A cache that does not fit (written by a build with other fields or de-duplication) is rebuilt.
        if (index) return new Library(sources, results, merged, index, true, filler, reader, fingerprints);
      }
    }
    const results: LoadResult[] = [];
    for (const [i, spec] of sources.entries()) {
      onProgress?.({ phase: 'read', file: spec.file, done: i, total: sources.length });
      results.push(await loadSource(spec, reader, stringsBefore(sources, results, i)));
    }
    const merged = merge(sources, results, filler);
    onProgress?.({ phase: 'index', done: 0, total: merged.records.length });
    const index = PaperIndex.build(merged.records);
    const library = new Library(sources, results, merged, index, false, filler, reader, fingerprints);
    if (cacheDir && key) await library.save(cacheDir, key);
    return library;
  }

  /** Every located problem of every source. */
  get errors(): SourceError[] {
    return [...this.results.flatMap((r) => r.errors), ...this.merged.errors];
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
    return this.index.bibliographyRecords();
  }

  /**
   * Re-reads one source after it changed (on disk, or in the reader's overlay) and updates the
   * index in place: only the records of that source (and those merged with them) are
   * re-indexed. Content the library has already read is not read again (a save of text an
   * editor had already overlaid; the file watcher after a save of our own).
   */
  async reload(file: string): Promise<IndexChanges> {
    const i = this.specs.findIndex((s) => s.file === file);
    if (i < 0) throw new Error(`${file}: not a source of this library`);
    const fingerprint = await this.reader.fingerprint(file);
    if (this.fingerprints.get(file) === fingerprint) return { added: 0, removed: 0, replaced: 0, unchanged: true };
    this.results[i] = await loadSource(this.specs[i], this.reader, stringsBefore(this.specs, this.results, i));
    this.fingerprints.set(file, fingerprint);
    // The .bib files after it that used its macros are read again with the new ones.
    for (let j = i + 1; j < this.specs.length; j++) {
      const strings = stringsBefore(this.specs, this.results, j);
      if (readWithOther(this.results[j]!, strings)) this.results[j] = await loadSource(this.specs[j]!, this.reader, strings);
    }
    return this.remerge();
  }

  /** The sources, in the order given. */
  get sources(): readonly SourceSpec[] {
    return this.specs;
  }

  /**
   * Switches to another set of sources (the user opened a draft that names other .bib files):
   * sources kept keep their records, new ones are read, and the index is updated in place.
   */
  async setSources(sources: SourceSpec[]): Promise<IndexChanges> {
    const previous = new Map(this.specs.map((s, i) => [`${s.role}\0${s.file}`, this.results[i]]));
    const results: LoadResult[] = [];
    for (const [i, spec] of sources.entries()) {
      const strings = stringsBefore(sources, results, i);
      const kept = previous.get(`${spec.role}\0${spec.file}`);
      if (kept && !readWithOther(kept, strings)) {
        results.push(kept);
        continue;
      }
      const fingerprint = await this.reader.fingerprint(spec.file);
      results.push(await loadSource(spec, this.reader, strings));
      this.fingerprints.set(spec.file, fingerprint);
    }
    this.specs = [...sources];
    this.results = results;
    return this.remerge();
  }

  /**
   * Takes fetched abstracts anew (after Fetch Missing Abstracts or `enrich`): only the records
   * whose abstract changed are re-indexed, nothing is read again.
   */
  setAbstracts(abstracts: AbstractLookup | undefined): IndexChanges {
    this.filler.lookup = abstracts;
    return this.remerge();
  }

  /** Merges the sources' records again and updates the index to them (only what changed is re-indexed). */
  private remerge(): IndexChanges {
    this.merged = merge(this.specs, this.results, this.filler);
    return this.index.update(this.merged.records);
  }

  /**
   * Why the index could not be cached, when its last write failed ("cannot write the index cache
   * at DIR: permission denied; continuing without it"). The cache only saves the next start a
   * build: the library works the same without it.
   */
  cacheProblem: string | undefined;

  /** Writes the index to the cache directory; when it cannot, says why in `cacheProblem` instead of throwing. */
  async save(cacheDir: string, key?: string): Promise<void> {
    try {
      const specs = [];
      for (const s of this.specs) specs.push({ ...s, fingerprint: this.fingerprints.get(s.file) ?? (await this.reader.fingerprint(s.file)) });
      const k = key ?? cacheKey(specs, this.filler.version);
      await writeCache(cacheDir, {
        key: k,
        sources: this.specs.map((s, i) => ({ file: s.file, result: this.results[i] })),
        index: this.index.toJSON(),
        duplicateRoots: this.merged.roots,
      });
      this.cacheProblem = undefined;
    } catch (err) {
      const reason = fileSystemReason(err) ?? (err instanceof Error ? err.message : String(err));
      this.cacheProblem = `cannot write the index cache at ${cacheDir}: ${reason}; continuing without it`;
    }
  }
}

function restore(data: SerializedIndex, records: PaperRecord[]): PaperIndex | undefined {
  try {
    return PaperIndex.fromJSON(data, records);
  } catch {
    return undefined;
  }
}

interface Merged {
  records: PaperRecord[];
  errors: SourceError[];
  /** `duplicateRoots` of the sources' records in merge order. */
  roots: Int32Array;
}

/**
 * De-duplicated records of all sources. Records that are different works under one id (the same
 * key in two .bib files) cannot both be cited: the first is kept and the other reported.
 * `roots`, when given, are the duplicate groups a cache kept for these very records (the cache
 * key covers every source's content); otherwise, or when they do not fit, they are found again.
 */
function merge(specs: SourceSpec[], results: LoadResult[], filler: AbstractFiller, roots?: Int32Array): Merged {
  const records: PaperRecord[] = [];
  const errors: SourceError[] = [];
  const byId = new Map<string, PaperRecord>();
  const all = orderForMerge(specs).flatMap((i) => results[i].records);
  const groups = roots?.length === all.length ? roots : duplicateRoots(all);
  for (const record of dedupeRecords(all, groups)) {
    const first = byId.get(record.id);
    if (!first) {
      byId.set(record.id, record);
      records.push(filler.fill(record));
      continue;
    }
    const where = first.origin.line ? `${first.origin.file}:${first.origin.line}` : first.origin.file;
    errors.push({
      file: record.origin.file,
      line: record.origin.line,
      message: `"${record.id}" is already used by ${where}; this entry is ignored`,
      severity: 'warning',
    });
  }
  return { records, errors, roots: groups };
}

/**
 * Fills records without an abstract from an AbstractLookup, as copies. The copy of a record is
 * remembered, so a record that did not change stays the same object and `PaperIndex.update`
 * leaves it alone.
 */
class AbstractFiller {
  private readonly copies = new WeakMap<PaperRecord, PaperRecord>();
  /** Replaced by Library.setAbstracts; the copies stay, so an abstract that is still the same keeps its record. */
  constructor(public lookup?: AbstractLookup) {}

  get version(): string | undefined {
    return this.lookup?.version;
  }

  fill(record: PaperRecord): PaperRecord {
    if (!this.lookup || record.abstract?.trim()) return record;
    const abstract = this.lookup.get(record)?.trim();
    if (!abstract) return record;
    const known = this.copies.get(record);
    if (known?.abstract === abstract) return known;
    const copy = { ...record, abstract };
    this.copies.set(record, copy);
    return copy;
  }
}

/**
 * On-disk cache of a built index, keyed by the format version and the content of every source,
 * so a restart loads instead of rebuilding and any edit to a source invalidates it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { writeFileAtomic } from '../atomicFile';
import type { LoadResult, PaperRecord } from '../model';
import { INDEX_FORMAT_VERSION } from './fields';
import type { SerializedIndex } from './paperIndex';

export interface CachedLibrary {
  key: string;
  /** What each source gave, in source order: records are rebuilt from these, not re-parsed. */
  sources: { file: string; result: LoadResult }[];
  index: SerializedIndex;
  /** `duplicateRoots` of the sources' records in merge order, so a warm start need not match them again. */
  duplicateRoots?: Int32Array;
}

/**
 * The cache key of a set of sources: format version, then each source's role, path and content
 * (its SourceReader fingerprint), then `extra` (the version of fetched abstracts) when given.
 */
export function cacheKey(sources: { role: string; file: string; fingerprint: string }[], extra?: string): string {
  const hash = createHash('sha256');
  hash.update(`related-work index v${INDEX_FORMAT_VERSION}\n`);
  for (const s of sources) hash.update(`${s.role}\0${path.resolve(s.file)}\0${s.fingerprint}\n`);
  if (extra !== undefined) hash.update(`abstracts\0${extra}\n`);
  return hash.digest('hex').slice(0, 32);
}

const fileOf = (dir: string, key: string) => path.join(dir, `index-${key}.v8`);

/**
 * The file is a sequence of frames, each a little-endian u32 length and a v8.serialize body:
 * first a header (key, index, each source's errors and record count), then the records in slices.
 * One v8.serialize of everything needed the whole file in memory twice over (the serialiser's
 * growing buffer, then the file buffer next to the objects); slices bound that to one frame.
 */
const FORMAT = 'related-work-cache-3';
const RECORDS_PER_FRAME = 8192;

interface Header {
  format: typeof FORMAT;
  key: string;
  index: SerializedIndex;
  duplicateRoots?: Int32Array;
  sources: { file: string; errors: LoadResult['errors']; records: number }[];
}

/** The cached library for `key`, or undefined when absent, unreadable or from another version. */
export async function readCache(dir: string, key: string): Promise<CachedLibrary | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(fileOf(dir, key), 'r');
    const frames = new FrameReader(handle);
    const header = (await frames.next()) as Header;
    if (header?.format !== FORMAT || header.key !== key || header.index?.version !== INDEX_FORMAT_VERSION) return undefined;
    const sources: CachedLibrary['sources'] = [];
    for (const source of header.sources) {
      const records: PaperRecord[] = [];
      while (records.length < source.records) {
        const slice = (await frames.next()) as PaperRecord[];
        for (const record of slice) records.push(record);
      }
      sources.push({ file: source.file, result: { records, errors: source.errors } });
    }
    return { key, sources, index: header.index, duplicateRoots: header.duplicateRoots };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/**
 * Reads the frames in order. The header gets a buffer of its own, since the index's typed arrays
 * deserialise as views into it and keep it; the records' frames share one buffer, reused, since
 * records copy what they read. On a machine where touching fresh memory is slow (3.5 ms per MB on
 * a VM here) a buffer per frame cost a third of the warm start.
 */
class FrameReader {
  private position = 0;
  private size?: number;
  private frames = 0;
  private scratch = Buffer.alloc(0);
  constructor(private readonly handle: fs.FileHandle) {}

  async next(): Promise<unknown> {
    this.size ??= (await this.handle.stat()).size;
    const length = Buffer.alloc(4);
    if ((await this.handle.read(length, 0, 4, this.position)).bytesRead !== 4) throw new Error('truncated cache');
    const bodyLength = length.readUInt32LE(0);
    // Checked before allocating: a file of another format would otherwise ask for any size.
    if (bodyLength > this.size - this.position - 4) throw new Error('truncated cache');
    let body: Buffer;
    if (this.frames++ === 0) body = Buffer.allocUnsafe(bodyLength);
    else {
      if (this.scratch.length < bodyLength) this.scratch = Buffer.allocUnsafe(bodyLength);
      body = this.scratch.subarray(0, bodyLength);
    }
    if ((await this.handle.read(body, 0, bodyLength, this.position + 4)).bytesRead !== bodyLength) throw new Error('truncated cache');
    this.position += 4 + bodyLength;
    return v8.deserialize(body);
  }
}

/** How many indexes (sets of sources) the cache keeps; the least recently written go first. */
export const CACHE_ENTRIES = 4;

/** Writes atomically (temp file + rename) so a crash never leaves a half-written cache. */
export async function writeCache(dir: string, data: CachedLibrary): Promise<string> {
  const file = fileOf(dir, data.key);
  await writeFileAtomic(file, async (handle) => {
    const write = async (value: unknown) => {
      const body = v8.serialize(value);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(body.length, 0);
      await handle.writev([length, body]);
    };
    const header: Header = {
      format: FORMAT,
      key: data.key,
      index: data.index,
      duplicateRoots: data.duplicateRoots,
      sources: data.sources.map((s) => ({ file: s.file, errors: s.result.errors, records: s.result.records.length })),
    };
    await write(header);
    for (const { result } of data.sources) {
      for (let i = 0; i < result.records.length; i += RECORDS_PER_FRAME) await write(result.records.slice(i, i + RECORDS_PER_FRAME));
    }
  });
  await evictOld(dir);
  return file;
}

async function evictOld(dir: string): Promise<void> {
  const entries = await Promise.all(
    (await fs.readdir(dir))
      .filter((name) => name.startsWith('index-') && name.endsWith('.v8'))
      .map(async (name) => ({ name, mtime: (await fs.stat(path.join(dir, name))).mtimeMs })),
  );
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of entries.slice(CACHE_ENTRIES)) await fs.rm(path.join(dir, name), { force: true });
}

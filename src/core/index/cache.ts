/**
 * On-disk cache of a built index, keyed by the format version and the content of every source,
 * so a restart loads instead of rebuilding and any edit to a source invalidates it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { LoadResult } from '../model';
import { INDEX_FORMAT_VERSION } from './fields';
import type { SerializedIndex } from './paperIndex';

export interface CachedLibrary {
  key: string;
  /** What each source gave, in source order: records are rebuilt from these, not re-parsed. */
  sources: { file: string; result: LoadResult }[];
  index: SerializedIndex;
}

/** Content hash of a file, or of its absence (so a file appearing later changes the key). */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return 'missing';
  }
}

/**
 * The cache key of a set of sources: format version, then each source's role, path and content,
 * then `extra` (the version of fetched abstracts) when given.
 */
export async function cacheKey(sources: { role: string; file: string }[], extra?: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`related-work index v${INDEX_FORMAT_VERSION}\n`);
  for (const s of sources) hash.update(`${s.role}\0${path.resolve(s.file)}\0${await hashFile(s.file)}\n`);
  if (extra !== undefined) hash.update(`abstracts\0${extra}\n`);
  return hash.digest('hex').slice(0, 32);
}

const fileOf = (dir: string, key: string) => path.join(dir, `index-${key}.v8`);

/** The cached library for `key`, or undefined when absent, unreadable or from another version. */
export async function readCache(dir: string, key: string): Promise<CachedLibrary | undefined> {
  try {
    const data = v8.deserialize(await fs.readFile(fileOf(dir, key))) as CachedLibrary;
    if (data?.key !== key || data.index?.version !== INDEX_FORMAT_VERSION) return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** How many indexes (sets of sources) the cache keeps; the least recently written go first. */
export const CACHE_ENTRIES = 4;

/** Writes atomically (temp file + rename) so a crash never leaves a half-written cache. */
export async function writeCache(dir: string, data: CachedLibrary): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const file = fileOf(dir, data.key);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, v8.serialize(data));
  await fs.rename(tmp, file);
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

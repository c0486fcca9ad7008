/**
 * Files other processes may read or write at the same time (the index cache, cached responses,
 * fetched abstracts: the extension and the CLI may share a cache directory): written to a
 * temporary file and renamed, so a reader never sees half of one, and the temporary file removed
 * when the write fails (a full disk, a read-only directory) so none is left behind. Updates that
 * read, change and write hold a lock file so concurrent ones do not lose each other's changes.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * Writes `file` through a temporary file in the same directory and a rename; `content` is the
 * data, or a function that writes it to the open temporary file (for data too large to hold).
 */
export async function writeFileAtomic(file: string, content: string | Buffer | ((handle: FileHandle) => Promise<void>)): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      if (typeof content === 'function') await content(handle);
      else await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/**
 * Runs `update` while holding `file`'s lock (a `file.lock` directory, taken over when its holder
 * stopped refreshing it for 10 s: a crashed process does not block the others for ever).
 * Waits up to about half a minute for another holder; then fails.
 */
export async function withFileLock<T>(file: string, update: () => Promise<T>): Promise<T> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: 10_000,
    retries: { retries: 40, factor: 1.3, minTimeout: 20, maxTimeout: 1_000, randomize: true },
  });
  try {
    return await update();
  } finally {
    await release().catch(() => {});
  }
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a file is in the way of the directory',
  EEXIST: 'a file is in the way of the directory',
  EISDIR: 'a directory is in the way of the file',
  ENAMETOOLONG: 'the path is too long',
  ELOCKED: 'another process holds its lock',
};

/** A file-system failure in words ("permission denied"), or undefined when `err` is not one. */
export function fileSystemReason(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in FS_REASONS ? FS_REASONS[code] : undefined;
}

/**
 * An on-disk cache of HTTP responses, so a repeated query costs no request and an offline session
 * still shows the last results. One JSON file per response, named by the SHA-256 of method, URL
 * (secrets removed) and body; written to a temporary file and renamed, so a reader never sees half
 * a file. Entries past their TTL are still returned on request (`allowStale`): the fallback when
 * offline or when the network fails.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomicFile';
import { systemClock, type Clock } from './clock';

export interface CachedResponse {
  status: number;
  body: string;
  /** When it was stored (ms since the epoch). */
  storedAt: number;
  /** The URL without secrets, for people looking at the cache directory. */
  url: string;
}

export interface CacheLookup extends CachedResponse {
  /** True when past its TTL. */
  stale: boolean;
}

const FORMAT = 1;

/** Query parameters never written to disk nor hashed. */
export const SECRET_PARAMS = ['api_key', 'key', 'token'];

/** The URL with secret query parameters removed. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  for (const p of SECRET_PARAMS) u.searchParams.delete(p);
  return u.toString();
}

/** The cache key of a request: SHA-256 of method, URL without secrets, and body. */
export function requestKey(method: string, url: string, body = ''): string {
  return createHash('sha256').update(`${method.toUpperCase()}\n${redactUrl(url)}\n${body}`).digest('hex');
}

export class ResponseCache {
  constructor(
    readonly dir: string,
    private readonly clock: Clock = systemClock,
  ) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The entry for `key` if it exists and is younger than `ttlMs` (or any age with allowStale). */
  async get(key: string, ttlMs: number, { allowStale = false } = {}): Promise<CacheLookup | undefined> {
    let data: CachedResponse & { format?: number };
    try {
      data = JSON.parse(await fs.readFile(this.file(key), 'utf8'));
    } catch {
      return undefined;
    }
    if (data.format !== FORMAT || typeof data.body !== 'string') return undefined;
    // An entry dated in the future (clock skew, a copied cache) is stale, or it would never expire.
    const now = this.clock.now();
    const stale = typeof data.storedAt !== 'number' || data.storedAt > now || now - data.storedAt > ttlMs;
    if (stale && !allowStale) return undefined;
    return { status: data.status, body: data.body, storedAt: data.storedAt, url: data.url, stale };
  }

  /** Forgets the entry for `key` (one that no longer parses). */
  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  /** Stores a response atomically (temporary file, then rename). */
  async set(key: string, entry: Omit<CachedResponse, 'storedAt'>): Promise<void> {
    const data = { format: FORMAT, ...entry, url: redactUrl(entry.url), storedAt: this.clock.now() };
    await writeFileAtomic(this.file(key), JSON.stringify(data));
  }
}

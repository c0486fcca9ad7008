/**
 * The one HTTP helper every provider uses (undici): per-request timeout, cancellation, retries
 * with exponential backoff and jitter on network errors and 5xx, `Retry-After` on 429/503,
 * per-host rate limits, a size cap enforced while streaming, the on-disk response cache with a
 * stale fallback, an offline switch, and a descriptive User-Agent. Error messages name the host
 * and path only: query strings may hold the user's query or an API key.
 */
import { request, type Dispatcher } from 'undici';
import { abortReason, isAbortError, systemClock, type Clock } from './clock';
import { RateLimiter } from './rateLimiter';
import { requestKey, type ResponseCache } from './responseCache';
import type { Deadline } from './provider';

/** An HTTP or network failure; `retryable` says whether another attempt may succeed. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    message: string,
    readonly status?: number,
    readonly retryable = false,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  /** e.g. `related-work/0.1.0 (mailto:me@example.org)`; see `userAgent`. */
  userAgent: string;
  /** Whole request, headers and body (default 15 s). */
  timeoutMs?: number;
  /** Further attempts after the first (default 2). */
  retries?: number;
  /** First backoff delay; doubles per attempt, with jitter (default 500 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A `Retry-After` longer than this fails at once instead of waiting (default 30 s). */
  maxRetryAfterMs?: number;
  /** Bodies larger than this are an error (default 10 MB). */
  maxBytes?: number;
  /** No network at all: only cached responses (stale ones too). */
  offline?: boolean;
  cache?: ResponseCache;
  /** How long a cached response is fresh (default 24 h). */
  cacheTtlMs?: number;
  rateLimiter?: RateLimiter;
  clock?: Clock;
  /** In [0, 1): the jitter source. */
  random?: () => number;
  dispatcher?: Dispatcher;
  /** Called before each retry (tests count them; the CLI stays quiet). */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A JSON body for POST. */
  json?: unknown;
  signal?: AbortSignal;
  /** Overrides the client's cache TTL; 0 disables the cache for this request. */
  cacheTtlMs?: number;
  /** Told when an old cached answer is given because the request failed. */
  notice?: (message: string) => void;
  /**
   * The time budget of the whole request, retries and their waits included: no attempt starts
   * after it, none runs past it, and a Retry-After that does not fit in what is left ends the request.
   */
  deadline?: Deadline;
}

export interface HttpResponse {
  status: number;
  body: string;
  /** Served from the cache; `stale` when past its TTL (offline or the network failed). */
  fromCache: boolean;
  stale: boolean;
}

/** `related-work/<version>`, with `(+mailto:ADDRESS)` when an address is configured. */
export function userAgent(version: string, mailto?: string): string {
  return `related-work/${version}${mailto ? ` (+mailto:${mailto})` : ''}`;
}

/** Host and path of a URL: what messages may show (never the query string). */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), if it parses. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS)',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response in time',
  UND_ERR_BODY_TIMEOUT: 'response stalled',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'response cut short',
};

function networkReason(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e instanceof Error; i++) {
    const code = (e as { code?: string }).code;
    if (code && NETWORK_CODES[code]) return NETWORK_CODES[code];
    if (code) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message : String(err);
}

export class HttpClient {
  readonly offline: boolean;
  readonly rateLimiter: RateLimiter;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.offline = Boolean(options.offline);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.rateLimiter = options.rateLimiter ?? new RateLimiter(this.clock);
  }

  /** A time budget of `ms` from now, on this client's clock (which its requests' deadlines are read on). */
  deadline(ms: number): Deadline {
    return { at: this.clock.now() + ms, ms };
  }

  /**
   * The response body as text, from the cache when fresh; throws `HttpError` on failure. Any 2xx
   * body is an answer here: providers read theirs with `get` / `json`, which cache only answers
   * that parse.
   */
  async text(req: HttpRequest): Promise<HttpResponse> {
    const { value: body, ...meta } = await this.fetchParsed(req, (b) => b);
    return { ...meta, body };
  }

  /**
   * The answer to `req` as `parse` reads it (`parse` throws on a body it cannot use: a captive
   * portal's HTML, an empty body, a wrongly shaped answer). Only an answer that parses is cached,
   * so a bad 200 is not served again for a day; a cached answer that no longer parses is dropped
   * and fetched again.
   */
  async get<T>(req: HttpRequest, parse: (body: string) => T): Promise<T> {
    return (await this.fetchParsed(req, parse)).value;
  }

  /** The response body parsed as JSON, then read by `map` (default: as is); see `get`. */
  async json<T>(req: HttpRequest, map: (data: unknown) => T = (data) => data as T): Promise<T> {
    return this.get({ ...req, headers: { accept: 'application/json', ...req.headers } }, (body) => {
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch (err) {
        throw new HttpError(`malformed JSON from ${describeUrl(req.url)} (${(err as Error).message})`);
      }
      return map(data);
    });
  }

  private async fetchParsed<T>(req: HttpRequest, parse: (body: string) => T): Promise<{ value: T; status: number; fromCache: boolean; stale: boolean }> {
    const method = req.method ?? 'GET';
    const body = req.json === undefined ? undefined : JSON.stringify(req.json);
    const cache = this.options.cache;
    const ttl = req.cacheTtlMs ?? this.options.cacheTtlMs ?? 24 * 3600_000;
    const key = cache && ttl > 0 ? requestKey(method, req.url, body) : undefined;
    /** A cached answer parsed, or undefined (and the entry dropped) when it no longer parses. */
    const fromCache = async (stale: boolean) => {
      const hit = cache && key ? await cache.get(key, ttl, { allowStale: stale }) : undefined;
      if (!hit) return undefined;
      try {
        return { value: parse(hit.body), status: hit.status, fromCache: true, stale: hit.stale, storedAt: hit.storedAt };
      } catch {
        await cache!.delete(key!).catch(() => {});
        return undefined;
      }
    };
    /** The last good answer, when the request failed: better than none, and said so. */
    const lastGood = async (err: unknown) => {
      const old = await fromCache(true);
      if (old) req.notice?.(`${errorLine(err)}; showing its answer from ${ago(this.clock.now() - old.storedAt)}`);
      return old && { ...old, stale: true };
    };
    const fresh = await fromCache(this.offline);
    if (fresh) return fresh;
    if (this.offline) throw new HttpError('offline, and no cached response');
    let res: HttpResponse;
    try {
      res = await this.fetchWithRetries(req, method, body);
    } catch (err) {
      const stale = isAbortError(err) ? undefined : await lastGood(err);
      if (stale) return stale;
      throw err;
    }
    let value: T;
    try {
      value = parse(res.body);
    } catch (err) {
      // A bad 200 (a captive portal's page): the last good answer, if there is one, is better.
      const stale = await lastGood(err);
      if (stale) return stale;
      throw err;
    }
    if (cache && key) await cache.set(key, { status: res.status, body: res.body, url: req.url }).catch(() => {});
    return { value, status: res.status, fromCache: false, stale: false };
  }

  private async fetchWithRetries(req: HttpRequest, method: string, body?: string): Promise<HttpResponse> {
    const retries = this.options.retries ?? 2;
    const base = this.options.baseDelayMs ?? 500;
    const maxDelay = this.options.maxDelayMs ?? 10_000;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 30_000;
    const host = new URL(req.url).host;
    const left = () => (req.deadline ? req.deadline.at - this.clock.now() : Infinity);
    const outOfTime = () => new HttpError(`no answer within the ${formatSeconds(req.deadline!.ms)} allowed (${describeUrl(req.url)})`);
    for (let attempt = 0; ; attempt++) {
      let retryAfter: number | undefined;
      let error: HttpError;
      try {
        await this.rateLimiter.acquire(host, req.signal);
        if (left() <= 0) throw outOfTime();
        return await this.once(req, method, body, left());
      } catch (err) {
        if (isAbortError(err) || req.signal?.aborted) throw req.signal ? abortReason(req.signal) : err;
        error = err instanceof HttpError ? err : new HttpError(networkReason(err), undefined, true);
        retryAfter = (err as { retryAfterMs?: number }).retryAfterMs;
      }
      if (!error.retryable || attempt >= retries) {
        if (attempt > 0) error.message += ` (after ${attempt + 1} attempts)`;
        throw error;
      }
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
        error.message += `; the server asks to wait ${Math.ceil(retryAfter / 1000)} s`;
        throw error;
      }
      const backoff = Math.min(maxDelay, base * 2 ** attempt);
      const jittered = backoff / 2 + this.random() * (backoff / 2);
      const delayMs = Math.round(retryAfter ?? jittered);
      // Waiting is only worth it when an attempt still fits in the budget after the wait.
      if (delayMs >= left()) {
        error.message +=
          retryAfter !== undefined
            ? `; the server asks to wait ${Math.ceil(retryAfter / 1000)} s, more than the ${formatSeconds(Math.max(0, Math.round(left() / 100) * 100))} left`
            : `; no time left to try again within the ${formatSeconds(req.deadline!.ms)} allowed`;
        throw error;
      }
      this.options.onRetry?.({ url: describeUrl(req.url), attempt: attempt + 1, delayMs, reason: error.message });
      await this.clock.sleep(delayMs, req.signal);
    }
  }

  /** One attempt: status check, then the body streamed up to the size cap. */
  private async once(req: HttpRequest, method: string, body?: string, budgetMs = Infinity): Promise<HttpResponse> {
    // An attempt stops at its own limit or at the request's deadline, whichever comes first.
    const timeoutMs = Math.max(1, Math.min(this.options.timeoutMs ?? 15_000, budgetMs));
    const maxBytes = this.options.maxBytes ?? 10 * 1024 * 1024;
    const where = describeUrl(req.url);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    try {
      const res = await request(req.url, {
        method,
        signal,
        dispatcher: this.options.dispatcher,
        headers: {
          'user-agent': this.options.userAgent,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...req.headers,
        },
        body,
      });
      if (res.statusCode >= 300) {
        discard(res.body);
        const retryable = res.statusCode === 429 || res.statusCode >= 500;
        const err = new HttpError(`HTTP ${res.statusCode} from ${where}`, res.statusCode, retryable);
        if (res.statusCode === 429 || res.statusCode === 503) {
          const ms = parseRetryAfter(res.headers['retry-after'], this.clock.now());
          if (ms !== undefined) Object.assign(err, { retryAfterMs: ms });
        }
        throw err;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        discard(res.body);
        throw new HttpError(`response from ${where} is larger than ${formatBytes(maxBytes)}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          discard(res.body);
          throw new HttpError(`response from ${where} is larger than ${formatBytes(maxBytes)}`);
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), fromCache: false, stale: false };
    } catch (err) {
      if (timeout.signal.aborted && !req.signal?.aborted) {
        throw new HttpError(`no complete response from ${where} within ${formatSeconds(timeoutMs)}`, undefined, true);
      }
      if (err instanceof HttpError || isAbortError(err)) throw err;
      throw new HttpError(`${networkReason(err)} (${where})`, undefined, true);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Drops a body we will not read (a destroyed body emits an error nobody listens to otherwise). */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

/** The first line of an error's message: what one line of a warning can hold. */
export function errorLine(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

/** "20 s", "1.5 s", "2 min". */
export function formatSeconds(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

/** "3 hours ago", "2 days ago": how old a cached answer is, roughly. */
export function ago(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']];
  for (const [size, unit] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'less than a minute ago';
}

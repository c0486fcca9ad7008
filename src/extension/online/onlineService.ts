/**
 * The extension's door to the online paper indexes (src/core/online): providers built from the
 * `relatedWork.online.*` settings and the API keys in SecretStorage, one HTTP client per
 * configuration sharing a rate limiter and the on-disk response cache
 * (`globalStorageUri/online`). Nothing goes online when `relatedWork.online.enabled` is off or
 * the workspace is not trusted.
 *
 * A provider that fails is logged and shown once per session as a warning naming the provider
 * and the reason (see `WarnOnce`); the other providers' results, and the local ones, stand.
 * Messages come from the core's HTTP layer, which names host and path only: no query string, no
 * API key (keys travel in headers and are never logged).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PaperRecord } from '../../core/model';
import { AbstractStore } from '../../core/online/enrich';
import { errorLine, HttpClient, userAgent } from '../../core/online/http';
import { createProviders, formatProviderError, searchOnline, type ProviderError, type ProviderId } from '../../core/online/online';
import { semanticScholarProvider, type SemanticScholarProvider } from '../../core/online/providers/semanticScholar';
import type { PaperProvider } from '../../core/online/provider';
import { RateLimiter } from '../../core/online/rateLimiter';
import { ResponseCache } from '../../core/online/responseCache';
import type { OnlineSettings } from '../config';
import type { Log } from '../log';
import { Disposable } from '../util/dispose';
import { API_KEY_PROVIDERS, PROVIDER_NAMES, providerConfig, WarnOnce, type ApiKeys } from './onlineConfig';

/** Where Fetch Missing Abstracts keeps what it fetched, in the online storage folder (the library reads it too). */
export const abstractsFileIn = (storageDir: string): string => path.join(storageDir, 'abstracts.json');

export interface OnlineSearchResult {
  /** Records of the providers that answered (`origin.kind === 'online'`), de-duplicated. */
  records: PaperRecord[];
  /** Providers that failed (cancellations left out). */
  errors: ProviderError[];
}

export interface OnlineServiceOptions {
  secrets: vscode.SecretStorage;
  /** Where the response cache and the fetched abstracts live (`globalStorageUri/online`). */
  storageDir: string;
  /** The extension's version, for the User-Agent. */
  version: string;
  log: Log;
  settings: () => OnlineSettings;
}

type ApiKeyId = keyof ApiKeys;

/** A CancellationToken as an AbortSignal; dispose the listener when done. */
export function abortSignalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/** The Semantic Scholar id of a record for recommendations: `ARXIV:<id>`, else `DOI:<doi>`. */
export function recommendationId(record: Pick<PaperRecord, 'doi' | 'arxiv'>): string | undefined {
  if (record.arxiv) return `ARXIV:${record.arxiv}`;
  if (record.doi) return `DOI:${record.doi}`;
  return undefined;
}

/** As the CLI's default for a search (`--timeout 20`). */
const SEARCH_BUDGET_MS = 20_000;

export class OnlineService extends Disposable {
  /** Abstracts fetched by Fetch Missing Abstracts, by `doi:` / `arxiv:` key; never written to a .bib. */
  readonly abstracts: AbstractStore;
  private readonly cache: ResponseCache;
  private readonly rateLimiter = new RateLimiter();
  private readonly warned = new WarnOnce();
  private keys: Promise<ApiKeys> | undefined;
  private built: { signature: string; http: HttpClient; providers: PaperProvider[] } | undefined;

  constructor(private readonly options: OnlineServiceOptions) {
    super();
    this.cache = new ResponseCache(options.storageDir);
    this.abstracts = new AbstractStore(abstractsFileIn(options.storageDir));
    this._register(options.secrets.onDidChange(() => (this.keys = undefined)));
  }

  /** True when searches may go online: the setting is on, the workspace trusted, a provider chosen. */
  get enabled(): boolean {
    const s = this.options.settings();
    return s.enabled && vscode.workspace.isTrusted && s.providers.length > 0;
  }

  /** The providers searched, by id, in the settings' order. */
  get providerIds(): ProviderId[] {
    return [...this.options.settings().providers];
  }

  /**
   * Searches every configured provider; `{records: [], errors: []}` without any request when
   * online search is off or the workspace untrusted. Cancelling `token` aborts the requests.
   */
  async search(query: string, token: vscode.CancellationToken, { limit = 10 }: { limit?: number } = {}): Promise<OnlineSearchResult> {
    const q = query.trim();
    if (!q || !this.enabled || token.isCancellationRequested) return { records: [], errors: [] };
    const { http, providers } = await this.build();
    const abort = abortSignalOf(token);
    try {
      const result = await searchOnline(q, providers, { limit, signal: abort.signal, deadline: http.deadline(SEARCH_BUDGET_MS) });
      const errors = token.isCancellationRequested ? [] : result.errors.filter((e) => e.message !== 'cancelled');
      this.report(errors, 'search');
      // Skipped items and old cached answers: worth a line in the log, not a notification each search.
      for (const n of result.notices) this.note('search', n);
      return { records: token.isCancellationRequested ? [] : result.records, errors };
    } finally {
      abort.dispose();
    }
  }

  /** Whether More like this can ask for `record`: online on, Semantic Scholar chosen, a DOI or arXiv id. */
  canRecommend(record: Pick<PaperRecord, 'doi' | 'arxiv'>): boolean {
    return this.enabled && this.options.settings().providers.includes('s2') && recommendationId(record) !== undefined;
  }

  /**
   * Papers Semantic Scholar recommends for `record` (asked by `ARXIV:<id>`, else `DOI:<doi>`);
   * nothing, without a request, when `canRecommend(record)` is false. A failure is logged and
   * shown every time (the user asked explicitly); cancelling `token` aborts the request.
   */
  async recommend(record: Pick<PaperRecord, 'doi' | 'arxiv'>, token: vscode.CancellationToken, { limit = 10 }: { limit?: number } = {}): Promise<OnlineSearchResult> {
    const id = recommendationId(record);
    const s2 = id && !token.isCancellationRequested ? await this.semanticScholar() : undefined;
    if (!id || !s2 || token.isCancellationRequested) return { records: [], errors: [] };
    const abort = abortSignalOf(token);
    try {
      const notice = (message: string) => this.note('recommendations', { provider: s2.name, message });
      const records = await s2.recommendations(id, { limit, signal: abort.signal, notice, deadline: (await this.http()).deadline(SEARCH_BUDGET_MS) });
      return { records: token.isCancellationRequested ? [] : records, errors: [] };
    } catch (err) {
      if (token.isCancellationRequested) return { records: [], errors: [] };
      const errors = [{ provider: s2.name, message: errorLine(err) }];
      this.report(errors, 'recommendations', { once: false });
      return { records: [], errors };
    } finally {
      abort.dispose();
    }
  }

  /** Semantic Scholar (for its batch endpoint), or undefined when online is off or it is not chosen. */
  async semanticScholar(): Promise<SemanticScholarProvider | undefined> {
    if (!this.enabled || !this.options.settings().providers.includes('s2')) return undefined;
    const { http } = await this.build();
    const s = this.options.settings();
    const keys = await this.apiKeys();
    return semanticScholarProvider({ http, baseUrl: s.baseUrls.s2, apiKey: keys.s2 || undefined });
  }

  /** Stores (or, with an empty key, deletes) the API key of `id` in SecretStorage. */
  async setApiKey(id: ApiKeyId, key: string): Promise<void> {
    const entry = API_KEY_PROVIDERS.find((p) => p.id === id);
    if (!entry) throw new Error(`no API key for provider "${id}"`);
    if (key.trim()) await this.options.secrets.store(entry.secret, key.trim());
    else await this.options.secrets.delete(entry.secret);
    this.keys = undefined;
  }

  /** Whether a key is stored for `id` (the key itself stays in SecretStorage). */
  async hasApiKey(id: ApiKeyId): Promise<boolean> {
    return Boolean((await this.apiKeys())[id]);
  }

  /**
   * Logs each failure and shows it as a warning: once per session per provider and reason for
   * searches (which run as the user types), every time for an explicit command (`once: false`).
   */
  /** The HTTP client the providers share (its clock sets deadlines). */
  async http(): Promise<HttpClient> {
    return (await this.build()).http;
  }


  /** Logs what a provider that answered wants said (items it skipped, an old cached answer shown). */
  note(what: 'search' | 'abstracts' | 'recommendations', notice: ProviderError): void {
    this.options.log.warn(`online ${what}: ${formatProviderError(notice)}`);
  }

  report(errors: readonly ProviderError[], what: 'search' | 'abstracts' | 'recommendations', { once = true } = {}): void {
    for (const e of errors) this.options.log.warn(`online ${what}: ${formatProviderError(e)}`);
    for (const e of once ? this.warned.fresh(errors) : errors) {
      void vscode.window.showWarningMessage(`Related Work: ${e.provider} failed (${e.message}). Other results are still shown.`);
    }
  }

  private apiKeys(): Promise<ApiKeys> {
    this.keys ??= (async () => {
      const keys: ApiKeys = {};
      for (const p of API_KEY_PROVIDERS) {
        const v = await this.options.secrets.get(p.secret);
        if (v) keys[p.id] = v;
      }
      return keys;
    })();
    return this.keys;
  }

  /** Providers and their HTTP client for the current settings and keys (rebuilt when they change). */
  private async build(): Promise<{ http: HttpClient; providers: PaperProvider[] }> {
    const s = this.options.settings();
    const keys = await this.apiKeys();
    const signature = JSON.stringify([s.providers, s.mailto, s.baseUrls, keys]);
    if (this.built?.signature !== signature) {
      const http = new HttpClient({
        userAgent: userAgent(this.options.version, s.mailto || undefined),
        cache: this.cache,
        rateLimiter: this.rateLimiter,
      });
      const providers = createProviders(s.providers, http, providerConfig(s, keys));
      this.built = { signature, http, providers };
      this.options.log.info(`online: ${s.providers.map((id) => PROVIDER_NAMES[id]).join(', ')}`);
    }
    return this.built;
  }
}

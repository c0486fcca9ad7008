/**
 * Online search for the CLI and the extension alike: providers run in parallel, each failure is
 * captured with the provider's name, and online records are merged with the local ranking.
 */
import { dedupeRecords } from '../dedupe';
import { PaperIndex } from '../index/paperIndex';
import type { PaperRecord } from '../model';
import { rankText, type Suggestion } from '../rank/rank';
import { isAbortError } from './clock';
import { HttpClient, type HttpClientOptions } from './http';
import type { PaperProvider, SearchOptions } from './provider';
import { arxivProvider } from './providers/arxiv';
import { crossrefProvider } from './providers/crossref';
import { huggingFaceProvider } from './providers/huggingface';
import { openAlexProvider } from './providers/openalex';
import { semanticScholarProvider } from './providers/semanticScholar';

/** One provider that failed, and why, in one line. */
export interface ProviderError {
  provider: string;
  message: string;
}

export interface OnlineResult {
  /** Records of all providers that answered, de-duplicated across providers. */
  records: PaperRecord[];
  errors: ProviderError[];
}

/** `Provider: reason`, the one line shown for a failed provider. */
export function formatProviderError(e: ProviderError): string {
  return `${e.provider}: ${e.message}`;
}

function reasonOf(err: unknown): string {
  if (isAbortError(err)) return 'cancelled';
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/**
 * Asks every provider at once; a provider that fails adds an error and leaves the others' results.
 * @example const { records, errors } = await searchOnline('attention sinks', providers, { limit: 10 })
 */
export async function searchOnline(query: string, providers: readonly PaperProvider[], options: SearchOptions = {}): Promise<OnlineResult> {
  const settled = await Promise.allSettled(providers.map((p) => p.search(query, options)));
  const records: PaperRecord[] = [];
  const errors: ProviderError[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') records.push(...s.value);
    else errors.push({ provider: providers[i].name, message: reasonOf(s.reason) });
  });
  const seen = new Set<string>();
  const unique = dedupeRecords(records).filter((r) => !seen.has(r.id) && (seen.add(r.id), true));
  return { records: unique, errors };
}

/**
 * Local suggestions, then the online records that are not already local, ranked among themselves.
 *
 * Scores of two indexes are not comparable, so the lists are not interleaved: the local ranking
 * comes first, unchanged (these papers can be cited right away). Online records the library
 * already holds (same DOI, arXiv id or title, by `dedupeRecords`) are dropped; the others are
 * ranked for the query with a small `PaperIndex` built from them, and those the index does not
 * match at all follow in the providers' own order. Online scores are scaled below the last local
 * score so "relevance" stays non-increasing down the list.
 */
export function mergeOnline(
  query: string,
  local: Suggestion[],
  localRecords: Iterable<PaperRecord>,
  online: PaperRecord[],
  limit: number,
): Suggestion[] {
  if (online.length === 0) return local;
  const known = [...localRecords];
  const merged = dedupeRecords([...known, ...online]);
  const onlineIds = new Set(online.map((r) => r.id));
  const fresh = merged.filter((r) => r.origin.kind === 'online' && onlineIds.has(r.id));
  const index = PaperIndex.build(fresh);
  const ranked = rankText(index, query, { limit });
  const rankedIds = new Set(ranked.map((s) => s.record.id));
  const rest: Suggestion[] = fresh
    .filter((r) => !rankedIds.has(r.id))
    .map((record) => ({ record, score: 0, matchedTerms: [], alreadyCited: false, inBibliography: false }));
  const floor = local.length ? local[local.length - 1].score : 1;
  const top = ranked[0]?.score || 1;
  const onlineList = [...ranked, ...rest].slice(0, limit).map((s) => ({ ...s, score: (floor * s.score) / top }));
  return [...local, ...onlineList];
}

export type ProviderId = 'hf' | 'arxiv' | 's2' | 'openalex' | 'crossref';
export const PROVIDER_IDS: readonly ProviderId[] = ['arxiv', 's2', 'hf', 'crossref', 'openalex'];

export interface ProviderConfig {
  /** Base URLs by provider id (tests point them at local servers). */
  baseUrls?: Partial<Record<ProviderId, string>>;
  semanticScholarApiKey?: string;
  openAlexApiKey?: string;
  /** Contact address: in the User-Agent, Crossref's polite pool and OpenAlex. */
  mailto?: string;
}

/** The providers named by `ids`, sharing one HTTP client. */
export function createProviders(ids: readonly ProviderId[], http: HttpClient, config: ProviderConfig = {}): PaperProvider[] {
  const url = config.baseUrls ?? {};
  return ids.map((id) => {
    switch (id) {
      case 'hf':
        return huggingFaceProvider({ http, baseUrl: url.hf });
      case 'arxiv':
        return arxivProvider({ http, baseUrl: url.arxiv });
      case 's2':
        return semanticScholarProvider({ http, baseUrl: url.s2, apiKey: config.semanticScholarApiKey });
      case 'openalex':
        return openAlexProvider({ http, baseUrl: url.openalex, apiKey: config.openAlexApiKey, mailto: config.mailto });
      case 'crossref':
        return crossrefProvider({ http, baseUrl: url.crossref, mailto: config.mailto });
    }
  });
}

export { HttpClient, type HttpClientOptions };

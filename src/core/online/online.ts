/**
 * Online search for the CLI and the extension alike: providers run in parallel, each failure is
 * captured with the provider's name (merge.ts puts the answers next to the library).
 */
import { dedupeRecords } from '../dedupe';
import type { PaperRecord } from '../model';
import { isAbortError } from './clock';
import { errorLine, HttpClient, type HttpClientOptions } from './http';
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
  /** What providers that answered want said: items skipped as unreadable, an old cached answer shown. */
  notices: ProviderError[];
}

/** `Provider: reason`, the one line shown for a failed provider. */
export function formatProviderError(e: ProviderError): string {
  return `${e.provider}: ${e.message}`;
}

function reasonOf(err: unknown): string {
  if (isAbortError(err)) return 'cancelled';
  return errorLine(err);
}

/**
 * Asks every provider at once; a provider that fails adds an error and leaves the others' results.
 * @example const { records, errors } = await searchOnline('attention sinks', providers, { limit: 10 })
 */
export async function searchOnline(query: string, providers: readonly PaperProvider[], options: SearchOptions = {}): Promise<OnlineResult> {
  const notices: ProviderError[] = [];
  const settled = await Promise.allSettled(
    providers.map((p) => p.search(query, { ...options, notice: (message) => notices.push({ provider: p.name, message }) })),
  );
  const records: PaperRecord[] = [];
  const errors: ProviderError[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') records.push(...s.value);
    else errors.push({ provider: providers[i].name, message: reasonOf(s.reason) });
  });
  const seen = new Set<string>();
  const unique = dedupeRecords(records).filter((r) => !seen.has(r.id) && (seen.add(r.id), true));
  return { records: unique, errors, notices };
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

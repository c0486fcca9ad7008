/**
 * Pure helpers of the extension's online search (no `vscode` import; unit-tested in
 * test/unit/extension/onlineConfig.test.ts): settings validation, provider names for the
 * QuickPick separator, and the once-per-session de-duplication of provider warnings.
 */
import type { EnrichResult } from '../../core/online/enrich';
import { PROVIDER_IDS, type ProviderConfig, type ProviderError, type ProviderId } from '../../core/online/online';

/** Display names, in the order of `PROVIDER_IDS`. */
export const PROVIDER_NAMES: Record<ProviderId, string> = {
  arxiv: 'arXiv',
  s2: 'Semantic Scholar',
  hf: 'Hugging Face',
  crossref: 'Crossref',
  openalex: 'OpenAlex',
};

/** The known provider ids of a `relatedWork.online.providers` value, without duplicates, in its order. */
export function onlineProviderIds(value: unknown): ProviderId[] {
  if (!Array.isArray(value)) return [];
  const out: ProviderId[] = [];
  for (const v of value) {
    const id = typeof v === 'string' ? (v.trim().toLowerCase() as ProviderId) : undefined;
    if (id && PROVIDER_IDS.includes(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The http(s) base URLs of a `relatedWork.online.baseUrls` value, by known provider id. */
export function onlineBaseUrls(value: unknown): Partial<Record<ProviderId, string>> {
  const out: Partial<Record<ProviderId, string>> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (!PROVIDER_IDS.includes(k as ProviderId) || typeof v !== 'string') continue;
    try {
      const u = new URL(v.trim());
      if (u.protocol === 'http:' || u.protocol === 'https:') out[k as ProviderId] = v.trim();
    } catch {
      /* not a URL: ignored, the provider's public API is used */
    }
  }
  return out;
}

/** The API keys the extension keeps in SecretStorage. */
export const API_KEY_PROVIDERS = [
  { id: 's2', label: 'Semantic Scholar', secret: 'relatedWork.apiKey.s2' },
  { id: 'openalex', label: 'OpenAlex', secret: 'relatedWork.apiKey.openalex' },
] as const satisfies readonly { id: ProviderId; label: string; secret: string }[];

export type ApiKeys = Partial<Record<(typeof API_KEY_PROVIDERS)[number]['id'], string>>;

/** What `createProviders` needs, from the settings and the stored keys. */
export function providerConfig(settings: { mailto: string; baseUrls: Partial<Record<ProviderId, string>> }, keys: ApiKeys): ProviderConfig {
  return {
    baseUrls: settings.baseUrls,
    mailto: settings.mailto || undefined,
    semanticScholarApiKey: keys.s2 || undefined,
    openAlexApiKey: keys.openalex || undefined,
  };
}

/** "Online · arXiv, Semantic Scholar" — the QuickPick separator above the online results. */
export function onlineSectionLabel(ids: readonly ProviderId[]): string {
  return `Online · ${ids.map((id) => PROVIDER_NAMES[id]).join(', ')}`;
}

/**
 * Remembers which provider failures were already shown, so a provider that keeps failing while
 * the user types warns once per session (per provider and message), not per keystroke.
 * Cancellations are never news.
 */
export class WarnOnce {
  private readonly seen = new Set<string>();

  /** The errors of `errors` not shown before (now marked as shown). */
  fresh(errors: readonly ProviderError[]): ProviderError[] {
    return errors.filter((e) => {
      if (e.message === 'cancelled') return false;
      const key = `${e.provider}\n${e.message}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
      return true;
    });
  }

  clear(): void {
    this.seen.clear();
  }
}

/** The one-line summary shown when the command ends. */
export function enrichSummary(r: Pick<EnrichResult, 'candidates' | 'fetched' | 'withoutAbstract' | 'unknown'>): string {
  if (r.candidates === 0) return 'Every bibliography entry with a DOI or arXiv id already has an abstract.';
  const rest = [
    r.withoutAbstract ? `${r.withoutAbstract} without an abstract on Semantic Scholar` : '',
    r.unknown ? `${r.unknown} unknown to Semantic Scholar` : '',
  ].filter(Boolean);
  return `Fetched ${r.fetched} of ${r.candidates} missing abstract${r.candidates === 1 ? '' : 's'}${rest.length ? ` (${rest.join(', ')})` : ''}. Kept in the extension’s cache; your .bib files are unchanged.`;
}

/** Typed access to the `relatedWork.*` settings declared in package.json. */
import * as vscode from 'vscode';
import type { CiteCommand } from '../core/cite/insert';
import type { ProviderId } from '../core/online/online';
import { onlineProviderIds, onlineBaseUrls } from './online/onlineConfig';

export interface Settings {
  bibliographyFiles: string[];
  corpusFiles: string[];
  useBundledCorpus: boolean;
  latexCiteCommand: CiteCommand;
  /** Write abstracts into new .bib entries (off: an abstract is noise in a .bib, and some styles print it). */
  includeAbstract: boolean;
  maxResults: number;
  followCursor: boolean;
  online: OnlineSettings;
}

/** `relatedWork.online.*`: nothing goes online unless `enabled` (and the workspace is trusted). */
export interface OnlineSettings {
  enabled: boolean;
  providers: ProviderId[];
  /** Contact address for Crossref's / OpenAlex's polite pool; '' for none. */
  mailto: string;
  /** Base URL by provider id (mirrors, tests). */
  baseUrls: Partial<Record<ProviderId, string>>;
}

export const DEFAULT_ONLINE_PROVIDERS: readonly ProviderId[] = ['arxiv', 's2', 'hf', 'crossref'];

export const SECTION = 'relatedWork';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    bibliographyFiles: c.get<string[]>('bibliographyFiles', []),
    corpusFiles: c.get<string[]>('corpusFiles', []),
    useBundledCorpus: c.get<boolean>('useBundledCorpus', true),
    latexCiteCommand: c.get<CiteCommand>('latexCiteCommand', 'cite'),
    includeAbstract: c.get<boolean>('bibtex.includeAbstract', false) === true,
    maxResults: Math.max(1, Math.min(100, c.get<number>('maxResults', 20))),
    followCursor: c.get<boolean>('followCursor', true),
    online: {
      enabled: c.get<boolean>('online.enabled', false) === true,
      providers: onlineProviderIds(c.get<unknown>('online.providers', DEFAULT_ONLINE_PROVIDERS)),
      mailto: String(c.get<unknown>('online.mailto', '') ?? '').trim(),
      baseUrls: onlineBaseUrls(c.get<unknown>('online.baseUrls', {})),
    },
  };
}

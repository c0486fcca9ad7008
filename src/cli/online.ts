/** The CLI side of online search: flags and environment variables to providers and an HTTP client. */
import path from 'node:path';
import pkg from '../../package.json';
import { AbstractStore } from '../core/online/enrich';
import { HttpClient, userAgent, type HttpClientOptions } from '../core/online/http';
import type { Deadline } from '../core/online/provider';
import { createProviders, PROVIDER_IDS, type ProviderConfig, type ProviderId } from '../core/online/online';
import { ResponseCache } from '../core/online/responseCache';
import { UsageError, type CommonOptions } from './options';

export const ONLINE_FLAGS = {
  online: { type: 'boolean' },
  offline: { type: 'boolean' },
  providers: { type: 'string' },
  mailto: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/**
 * How long each command may spend online, in seconds, unless `--timeout` says otherwise: a
 * search waits for each provider (they are asked at once) this long; enrich and corpus, which
 * make many requests, this long in all.
 */
export const DEFAULT_TIMEOUT_S = { search: 20, enrich: 300, corpus: 900 } as const;

/** The command's time budget from `--timeout SECONDS` (or its default), on the client's clock. */
export function deadlineOf(values: Record<string, unknown>, command: keyof typeof DEFAULT_TIMEOUT_S, http: HttpClient): Deadline {
  const flag = values.timeout as string | undefined;
  const seconds = flag === undefined ? DEFAULT_TIMEOUT_S[command] : Number(flag);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout wants a number of seconds, got "${flag}"`);
  return http.deadline(Math.round(seconds * 1000));
}

/** Environment variables that override each provider's base URL. */
export const BASE_URL_ENV: Record<ProviderId, string> = {
  arxiv: 'RELATED_WORK_ARXIV_URL',
  s2: 'RELATED_WORK_S2_URL',
  hf: 'RELATED_WORK_HF_URL',
  openalex: 'RELATED_WORK_OPENALEX_URL',
  crossref: 'RELATED_WORK_CROSSREF_URL',
};

const ALIASES: Record<string, ProviderId> = {
  arxiv: 'arxiv',
  s2: 's2',
  semanticscholar: 's2',
  hf: 'hf',
  huggingface: 'hf',
  openalex: 'openalex',
  crossref: 'crossref',
};

/** `--providers a,b` as provider ids; default: all but OpenAlex, which joins when it has a key. */
export function providerIds(flag: string | undefined, env: NodeJS.ProcessEnv): ProviderId[] {
  if (flag === undefined) return PROVIDER_IDS.filter((id) => id !== 'openalex' || Boolean(env.OPENALEX_API_KEY));
  const ids = flag.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const out: ProviderId[] = [];
  for (const id of ids) {
    const known = ALIASES[id];
    if (!known) throw new UsageError(`unknown provider "${id}" (known: ${PROVIDER_IDS.join(', ')})`);
    if (!out.includes(known)) out.push(known);
  }
  if (out.length === 0) throw new UsageError('--providers wants at least one provider');
  return out;
}

function intEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} wants a whole number, got "${v}"`);
  return n;
}

/** The HTTP client and provider settings the flags and environment describe. */
export function onlineSetup(common: CommonOptions, values: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env) {
  const mailto = (values.mailto as string | undefined) ?? env.RELATED_WORK_MAILTO;
  const options: HttpClientOptions = {
    userAgent: userAgent(pkg.version, mailto),
    offline: Boolean(values.offline),
    cache: common.cacheDir ? new ResponseCache(path.join(common.cacheDir, 'online')) : undefined,
    timeoutMs: intEnv(env, 'RELATED_WORK_HTTP_TIMEOUT_MS'),
    retries: intEnv(env, 'RELATED_WORK_HTTP_RETRIES'),
  };
  const baseUrls: ProviderConfig['baseUrls'] = {};
  for (const id of PROVIDER_IDS) if (env[BASE_URL_ENV[id]]) baseUrls[id] = env[BASE_URL_ENV[id]];
  const config: ProviderConfig = {
    baseUrls,
    mailto,
    semanticScholarApiKey: env.SEMANTIC_SCHOLAR_API_KEY || undefined,
    openAlexApiKey: env.OPENALEX_API_KEY || undefined,
  };
  const http = new HttpClient(options);
  return { http, config, providers: (ids: ProviderId[]) => createProviders(ids, http, config) };
}

/** An AbortSignal that fires on Ctrl-C while `run` runs. */
export async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await run(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** The abstracts `enrich` fetched, kept in the cache directory (never in the user's .bib). */
export function abstractStoreOf(cacheDir: string): AbstractStore {
  return new AbstractStore(path.join(cacheDir, 'online', 'abstracts.json'));
}

/**
 * A progress line on stderr when it is a terminal (rewritten in place), nothing otherwise:
 * `show(done, total)` draws it, `clear()` removes it before the command prints its result.
 */
export function ttyProgress(describe: (done: number, total: number) => string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  return {
    show: (done: number, total: number) => {
      if (!tty) return;
      stream.write(`\r\x1b[K${describe(done, total)}…`);
      drawn = true;
    },
    clear: () => {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/**
 * Abstracts for bibliography entries that have a DOI or an arXiv id but no abstract, fetched from
 * the Semantic Scholar batch endpoint. They go to an abstract store beside the response cache,
 * never into the user's .bib.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { withFileLock, writeFileAtomic } from '../atomicFile';
import type { AbstractLookup } from '../library';
import type { PaperRecord } from '../model';
import type { SearchOptions } from './provider';
import type { SemanticScholarProvider } from './providers/semanticScholar';

export interface EnrichResult {
  /** Entries without an abstract that have a DOI or arXiv id. */
  candidates: number;
  /** Abstracts found (new or already stored). */
  fetched: number;
  /** Known to Semantic Scholar, but without an abstract there. */
  withoutAbstract: number;
  /** Ids Semantic Scholar does not know (`null` in the batch answer), or answered with another paper. */
  unknown: number;
  /** Abstract by `doi:…` / `arxiv:…` key. */
  abstracts: Map<string, string>;
}

/** `doi:…` when the record has a DOI, else `arxiv:…`, else undefined. */
export function enrichKey(r: PaperRecord): string | undefined {
  return r.doi ? `doi:${r.doi}` : r.arxiv ? `arxiv:${r.arxiv}` : undefined;
}

/**
 * Fetches the missing abstracts in batches; `store` (when given) keeps them across runs. Each
 * answer goes to the request whose DOI or arXiv id it carries, wherever it stands in the batch
 * (a server that reorders its answer cannot put abstracts on the wrong papers); an answer that
 * carries none of the ids asked for is dropped, and `notice` told.
 */
export async function enrichAbstracts(
  records: readonly PaperRecord[],
  s2: Pick<SemanticScholarProvider, 'batch'>,
  {
    signal,
    store,
    notice,
    deadline,
    progress,
  }: Pick<SearchOptions, 'signal' | 'notice' | 'deadline'> & { store?: AbstractStore; progress?: (done: number, total: number) => void } = {},
): Promise<EnrichResult> {
  const wanted = new Map<string, string>();
  for (const r of records) {
    const key = enrichKey(r);
    if (key && !r.abstract?.trim() && !wanted.has(key)) wanted.set(key, r.doi ? `DOI:${r.doi}` : `ARXIV:${r.arxiv}`);
  }
  const keys = [...wanted.keys()];
  const answers = keys.length ? await s2.batch([...wanted.values()], { signal, notice, deadline, progress }) : [];
  const asked = new Set(keys);
  const found = new Map<string, PaperRecord>();
  let strangers = 0;
  answers.forEach((rec, i) => {
    if (!rec) return;
    const carried = [rec.doi && `doi:${rec.doi}`, rec.arxiv && `arxiv:${rec.arxiv}`].filter((k): k is string => Boolean(k));
    const key = carried.includes(keys[i]!) ? keys[i]! : carried.find((k) => asked.has(k) && !found.has(k));
    if (key && !found.has(key)) found.set(key, rec);
    else strangers++;
  });
  if (strangers > 0) notice?.(`${strangers === 1 ? '1 paper of its answer carries' : `${strangers} papers of its answer carry`} none of the DOIs or arXiv ids asked for; dropped`);
  const result: EnrichResult = { candidates: keys.length, fetched: 0, withoutAbstract: 0, unknown: 0, abstracts: new Map() };
  for (const key of keys) {
    const rec = found.get(key);
    if (!rec) result.unknown++;
    else if (!rec.abstract) result.withoutAbstract++;
    else {
      result.fetched++;
      result.abstracts.set(key, rec.abstract);
    }
  }
  if (store && result.abstracts.size) await store.add(result.abstracts);
  return result;
}

/** Abstracts by `doi:` / `arxiv:` key in one JSON file, written atomically. */
export class AbstractStore {
  constructor(readonly file: string) {}

  async read(): Promise<Map<string, string>> {
    try {
      return parseStore(await fs.readFile(this.file, 'utf8'));
    } catch {
      return new Map();
    }
  }

  /**
   * The stored abstracts as a `Library.open` lookup (by `enrichKey`), versioned by the file's
   * content hash; undefined when the store is absent, unreadable or empty.
   * @example Library.open({ sources, abstracts: await store.lookup() })
   */
  async lookup(): Promise<AbstractLookup | undefined> {
    let text: string;
    let abstracts: Map<string, string>;
    try {
      text = await fs.readFile(this.file, 'utf8');
      abstracts = parseStore(text);
    } catch {
      return undefined;
    }
    if (abstracts.size === 0) return undefined;
    return {
      version: createHash('sha256').update(text).digest('hex'),
      get: (record) => {
        const key = enrichKey(record);
        return key ? abstracts.get(key) : undefined;
      },
    };
  }

  /**
   * Adds abstracts to the store. The read, merge and write happen under the store's lock, so
   * runs adding at the same time (two `enrich`s, the extension and the CLI) keep every abstract.
   */
  async add(abstracts: Map<string, string>): Promise<void> {
    await withFileLock(this.file, async () => {
      const all = await this.read();
      for (const [k, v] of abstracts) all.set(k, v);
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, abstracts: Object.fromEntries(all) }));
    });
  }
}

function parseStore(text: string): Map<string, string> {
  const data = JSON.parse(text) as { abstracts?: Record<string, unknown> };
  return new Map(Object.entries(data?.abstracts ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

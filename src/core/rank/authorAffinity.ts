/**
 * The authors a user already cites, as evidence for the papers they have not found yet. People
 * cite the same groups again: of the 306 Anthology papers the 14 dev drafts cite, 69% share an
 * author with another entry of the draft's own .bib, against 26% of the papers the text alone
 * ranks in its first 30 (DESIGN.md). The user's bibliography is the one profile the engine has
 * of its reader, so a paper outside it by authors it holds is likelier to be wanted.
 *
 * Only records outside the bibliography earn this evidence: between the user's own entries it
 * says nothing (measured: it costs *cite* recall), and an entry never earns it from itself.
 */
import type { PaperRecord } from '../model';
import type { PaperIndex } from '../index/paperIndex';
import { analyze, normalizeWord } from '../text/analyze';

/** Name parts that follow a surname ("Jr.") instead of being one. */
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

const keys = new Map<string, string | null>();
const KEY_CACHE_LIMIT = 200_000;

/**
 * An author as compared across sources: the index term of the surname, a space, the first
 * initial ("Jacob Devlin" and "J. Devlin" are both "devlin j"). Undefined for a name with no
 * surname the index keeps (a stopword such as "He", a single letter).
 */
export function authorKey(name: string): string | undefined {
  let key = keys.get(name);
  if (key === undefined) {
    key = keyOf(name);
    if (keys.size >= KEY_CACHE_LIMIT) keys.clear();
    keys.set(name, key);
  }
  return key ?? undefined;
}

function keyOf(name: string): string | null {
  const parts = name.split(/\s+/).filter(Boolean);
  while (parts.length > 1 && SUFFIXES.has(normalizeWord(parts[parts.length - 1]).replace(/\.$/, ''))) parts.pop();
  const surname = analyze(parts[parts.length - 1] ?? '')[0];
  if (!surname) return null;
  const initial = parts.length > 1 ? (normalizeWord(parts[0]).match(/\p{L}/u)?.[0] ?? '') : '';
  return `${surname} ${initial}`;
}

/** The surname's index term of a key. */
const surnameOf = (key: string) => key.slice(0, key.indexOf(' '));

export class AuthorProfile {
  /** Author key -> how many entries of the profile list that author. */
  private readonly counts = new Map<string, number>();
  private cached?: { index: WeakRef<PaperIndex>; generation: number; values: Map<PaperRecord, number> };

  /** The authors of `records` (the user's bibliography). */
  static of(records: Iterable<Pick<PaperRecord, 'authors'>>): AuthorProfile {
    const profile = new AuthorProfile();
    for (const record of records) {
      for (const key of authorKeys(record)) profile.counts.set(key, (profile.counts.get(key) ?? 0) + 1);
    }
    return profile;
  }

  /** How many distinct authors the profile holds. */
  get size(): number {
    return this.counts.size;
  }

  /**
   * How strongly the profile points at a record: log(1 + Σ log(1 + n)) over the record's distinct
   * authors, n being how many entries list that author. Both logarithms because evidence grows
   * with each author and each entry, but ever more slowly: one prolific group must not outweigh
   * what the passage says. 0 when no author is shared.
   *
   * @example AuthorProfile.of([{ authors: ['Jacob Devlin'] }]).affinityOf({ authors: ['J. Devlin'] }) // log(1 + log 2)
   */
  affinityOf(record: Pick<PaperRecord, 'authors'>): number {
    let sum = 0;
    for (const key of authorKeys(record)) {
      const n = this.counts.get(key);
      if (n) sum += Math.log(1 + n);
    }
    return Math.log(1 + sum);
  }

  /**
   * Every record of `index` outside the bibliography that shares an author with the profile, with
   * its affinity. Found through the postings of the surnames, so the cost is that of the papers by
   * those surnames, not of the index; kept until the index changes.
   */
  affinities(index: PaperIndex): ReadonlyMap<PaperRecord, number> {
    const cached = this.cached;
    if (cached && cached.index.deref() === index && cached.generation === index.generation) return cached.values;
    const values = new Map<PaperRecord, number>();
    const surnames = new Set<string>();
    for (const key of this.counts.keys()) surnames.add(surnameOf(key));
    for (const surname of surnames) {
      for (const record of index.recordsWithTerm(surname, 'authors')) {
        if (record.inBibliography || values.has(record)) continue;
        const affinity = this.affinityOf(record);
        if (affinity > 0) values.set(record, affinity);
      }
    }
    this.cached = { index: new WeakRef(index), generation: index.generation, values };
    return values;
  }
}

/** A record's distinct author keys. */
function authorKeys(record: Pick<PaperRecord, 'authors'>): Set<string> {
  const out = new Set<string>();
  for (const name of record.authors) {
    const key = authorKey(name);
    if (key) out.add(key);
  }
  return out;
}

const profiles = new WeakMap<PaperIndex, { generation: number; profile: AuthorProfile }>();

/** The profile of the user's bibliography entries held by `index` (empty when it holds none). */
export function bibliographyProfile(index: PaperIndex): AuthorProfile {
  const known = profiles.get(index);
  if (known && known.generation === index.generation) return known.profile;
  const profile = AuthorProfile.of(index.bibliographyRecords());
  profiles.set(index, { generation: index.generation, profile });
  return profile;
}

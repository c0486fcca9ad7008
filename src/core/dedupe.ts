/**
 * Merging the records that are the same work seen through several sources: the user's .bib, a
 * corpus, the bundled default corpus, an online index.
 */

import type { PaperRecord } from './model';
import { asciiFold, splitName } from './cite/bibtexEntry';

const NON_ASCII = /[^\x00-\x7f]/;

/** Titles with fewer words than this ("Introduction", "Attention Is All") never match by title. */
export const MIN_TITLE_WORDS = 4;

/**
 * The title as a matching key: ASCII-folded, lower-case, punctuation and whitespace removed; or
 * `undefined` for a title of fewer than `MIN_TITLE_WORDS` words, too generic to match on.
 * `titleKey('BERT: Pre-training of Deep Bidirectional Transformers')` gives
 * `'bertpretrainingofdeepbidirectionaltransformers'`.
 */
export function titleKey(title: string): string | undefined {
  const folded = asciiFold(title).toLowerCase();
  // Titles are mostly ASCII after folding: the ASCII pattern is several times faster.
  const words = folded.split(NON_ASCII.test(folded) ? /[^\p{L}\p{N}]+/u : /[^a-z0-9]+/);
  let count = 0;
  for (const w of words) if (w !== '') count++;
  return count >= MIN_TITLE_WORDS ? words.join('') : undefined;
}

/**
 * The whole title as a key: ASCII-folded, lower-case, everything but letters and digits removed,
 * for titles of any length. For comparisons within one small set (a .bib, the answers for one
 * title), where a short title is not generic the way it is across a 100k corpus.
 * `exactTitleKey('Matryoshka  Multimodal Models!')` gives `'matryoshkamultimodalmodels'`.
 */
export function exactTitleKey(title: string): string {
  return asciiFold(title).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A name's last name as a comparison key (`Müller-Lüdenscheidt` -> `mullerludenscheidt`). */
export function lastNameKey(name: string): string {
  return exactTitleKey(splitName(name).last);
}

/** Fields copied from the other records of a group when the kept record lacks them. */
const FILLED = ['abstract', 'doi', 'url', 'venue', 'year', 'arxiv', 'key', 'type'] as const;

/**
 * Merges the records that are one work: same DOI, same arXiv id, or same `titleKey` where year,
 * first author's last name and DOI agree when both records have them (see `clusterSameTitle`: a
 * record without a year joins a title's records only when that is unambiguous). Matching is
 * transitive, except that two entries of the user's bibliography under different keys never
 * merge (each is a key the draft may cite). Of each group the record from the user's bibliography (else the first
 * record) is kept, with its id, key and origin; `inBibliography` is true if any member has it, and
 * missing fields (abstract, doi, url, venue, year, arxiv, key, type, authors) are filled from the
 * other members in input order. Groups come out where their first member was; records that match
 * nothing come out unchanged (same object). The input is not modified.
 *
 * Which records are one work is `roots` (`duplicateRoots`, found here unless a cache kept them).
 * Finding them is linear: one pass with a map per identifier and a union-find over indices;
 * records sharing a title are compared with at most `MAX_CLUSTERS_PER_TITLE` clusters each.
 */
export function dedupeRecords(records: readonly PaperRecord[], roots: Int32Array = duplicateRoots(records)): PaperRecord[] {
  const n = records.length;
  if (roots.length !== n) throw new Error(`${roots.length} groups given for ${n} records`);
  // A group's root is its first member; only groups of two or more get a member list.
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[roots[i]!]!++;
  const groups = new Map<number, PaperRecord[]>();
  for (let i = 0; i < n; i++) {
    const root = roots[i]!;
    if (size[root]! > 1) {
      const members = groups.get(root);
      if (members) members.push(records[i]!);
      else groups.set(root, [records[i]!]);
    }
  }
  const out: PaperRecord[] = [];
  for (let i = 0; i < n; i++) {
    if (roots[i] !== i) continue;
    out.push(size[i] === 1 ? records[i]! : mergeGroup(groups.get(i)!));
  }
  return out;
}

/**
 * Which records `dedupeRecords` merges: for each record, the index of its group's first member
 * (itself when it matches nothing). A pure function of the records, so a cache of the index
 * keeps it and a warm start does not match 100k titles again (a change to how records match must
 * change INDEX_FORMAT_VERSION, as it already must for the index built from them).
 */
export function duplicateRoots(records: readonly PaperRecord[]): Int32Array {
  const n = records.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  // Two entries of the user's bibliography under different keys are two citation keys, even for
  // one work (a .bib may hold "dinan2020convai2" and "convai12" for the same paper, and the draft
  // cites one of them): both stay citable, so such groups never merge. The same key in two .bib
  // files is one key, and merges as before.
  const bibKey: (string | undefined)[] = records.map((r) => (r.inBibliography ? (r.key ?? r.id) : undefined));
  const union = (a: number, b: number): boolean => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return true;
    if (bibKey[ra] !== undefined && bibKey[rb] !== undefined && bibKey[ra] !== bibKey[rb]) return false;
    // The lower index becomes the root, so a group's root is its first member.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    bibKey[root] ??= bibKey[child];
    return true;
  };

  const byDoi = new Map<string, number>();
  const byArxiv = new Map<string, number>();
  /** First record per title key; the list of all of them once a second one turns up. */
  const byTitle = new Map<string, number | number[]>();
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const doi = normDoi(r);
    if (doi) {
      const j = byDoi.get(doi);
      if (j === undefined) byDoi.set(doi, i);
      else union(j, i);
    }
    const arxiv = r.arxiv?.trim().toLowerCase();
    if (arxiv) {
      const j = byArxiv.get(arxiv);
      if (j === undefined) byArxiv.set(arxiv, i);
      else union(j, i);
    }
    const tk = titleKey(r.title);
    if (tk !== undefined) {
      const seen = byTitle.get(tk);
      if (seen === undefined) byTitle.set(tk, i);
      else if (typeof seen === 'number') byTitle.set(tk, [seen, i]);
      else seen.push(i);
    }
  }
  for (const members of byTitle.values()) {
    if (typeof members !== 'number') clusterSameTitle(members, records, union);
  }

  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = find(i);
  return roots;
}

function normDoi(r: PaperRecord): string | undefined {
  return r.doi?.trim().toLowerCase() || undefined;
}

/** What must agree, where both records have it, for two records with one title to be one work. */
interface Signature {
  year: number | undefined;
  /** First author's last name, folded: guards against generic titles used by several authors. */
  author: string | undefined;
  /** Two different DOIs are two publications (say, a paper and its journal version). */
  doi: string | undefined;
}

/** Beyond this many distinct works under one title, the remaining records are not title-matched. */
const MAX_CLUSTERS_PER_TITLE = 64;

function signature(r: PaperRecord): Signature {
  const first = r.authors[0];
  const author = first === undefined ? '' : asciiFold(splitName(first).last).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return { year: r.year, author: author || undefined, doi: normDoi(r) };
}

function agree<T>(a: T | undefined, b: T | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/**
 * Groups the records sharing a title key. Records are taken most specific first (most of year,
 * author, DOI known), then in input order; each joins the one cluster it agrees with, or starts a
 * new one when it agrees with none. A record that agrees with several clusters is ambiguous (a
 * yearless copy of a title published in 2019 and in 2021) and is left alone.
 */
function clusterSameTitle(members: number[], records: readonly PaperRecord[], union: (a: number, b: number) => boolean): void {
  const levels: number[][] = [[], [], [], []];
  const sigs = new Map<number, Signature>();
  for (const i of members) {
    const sig = signature(records[i]!);
    sigs.set(i, sig);
    const known = Number(sig.year !== undefined) + Number(sig.author !== undefined) + Number(sig.doi !== undefined);
    levels[3 - known]!.push(i);
  }
  const clusters: { sig: Signature; first: number }[] = [];
  for (const level of levels) {
    for (const i of level) {
      const sig = sigs.get(i)!;
      let match: (typeof clusters)[number] | undefined;
      let ambiguous = false;
      for (const c of clusters) {
        if (agree(c.sig.year, sig.year) && agree(c.sig.author, sig.author) && agree(c.sig.doi, sig.doi)) {
          if (match) {
            ambiguous = true;
            break;
          }
          match = c;
        }
      }
      if (ambiguous) continue;
      if (match) {
        if (!union(match.first, i)) continue;
        match.sig.year ??= sig.year;
        match.sig.author ??= sig.author;
        match.sig.doi ??= sig.doi;
      } else if (clusters.length < MAX_CLUSTERS_PER_TITLE) {
        clusters.push({ sig: { ...sig }, first: i });
      }
    }
  }
}

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function mergeGroup(members: PaperRecord[]): PaperRecord {
  const kept = members.find((r) => r.inBibliography) ?? members[0]!;
  const merged: PaperRecord = { ...kept, authors: [...kept.authors], origin: { ...kept.origin } };
  for (const other of members) {
    if (other === kept) continue;
    for (const field of FILLED) {
      if (isMissing(merged[field]) && !isMissing(other[field])) {
        (merged as unknown as Record<string, unknown>)[field] = other[field];
      }
    }
    if (merged.authors.length === 0 && other.authors.length > 0) merged.authors = [...other.authors];
    if (other.inBibliography) merged.inBibliography = true;
  }
  return merged;
}

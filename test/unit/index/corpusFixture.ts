import type { PaperRecord } from '../../../src/core/model';
import { paper } from '../helpers';

const WORDS = (
  'attention transformer token language model translation neural subword pruning vision ' +
  'parsing syntax semantic graph retrieval dense sparse embedding corpus annotation dialogue ' +
  'speech summarization question answering entity relation extraction bias evaluation metric ' +
  'multilingual lowresource adapter prompt instruction alignment reward decoding beam search'
).split(' ');
const SURNAMES = 'Vaswani Sennrich Devlin Radford Müller Øvrelid Zhang Li Kim Smith'.split(' ');
const VENUES = ['Proceedings of ACL', 'Proceedings of EMNLP', 'Findings of NAACL', 'TACL'];

/** A deterministic corpus of `n` papers over a small vocabulary, so terms are shared and repeated. */
export function syntheticCorpus(n: number, seed = 1, prefix = 'p'): PaperRecord[] {
  let state = seed;
  const rand = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const words = (k: number) => Array.from({ length: k }, () => pick(WORDS)).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const fields: Partial<PaperRecord> = { authors: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `A. ${pick(SURNAMES)}`) };
    if (rand() < 0.7) fields.abstract = `${words(5 + Math.floor(rand() * 40))}.`;
    if (rand() < 0.6) fields.venue = pick(VENUES);
    return paper(`${prefix}${i}`, `${words(2 + Math.floor(rand() * 8))}`, fields);
  });
}

/** Queries of one to six terms (analysed forms), weighted, some absent from the corpus. */
export const QUERIES: { term: string; weight: number }[][] = [
  [{ term: 'attent', weight: 1 }],
  [{ term: 'token', weight: 1 }, { term: 'prune', weight: 0.5 }],
  [{ term: 'vaswani', weight: 2 }, { term: 'transform', weight: 1 }],
  [{ term: 'neural', weight: 1 }, { term: 'translat', weight: 1 }, { term: 'subword', weight: 0.3 }, { term: 'absentterm', weight: 1 }],
  [{ term: 'acl', weight: 1 }, { term: 'emnlp', weight: 1 }],
  [{ term: 'dens', weight: 0.7 }, { term: 'retriev', weight: 1.3 }, { term: 'embed', weight: 1 }, { term: 'search', weight: 0.2 }, { term: 'beam', weight: 0.9 }, { term: 'decod', weight: 1 }],
  [{ term: 'muller', weight: 1 }, { term: 'ovrelid', weight: 1 }],
  [{ term: 'model', weight: 1 }, { term: 'model', weight: 1 }],
];

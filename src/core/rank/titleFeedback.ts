/**
 * Pseudo-relevance feedback from titles: the words that several of the best corpus candidates'
 * titles share name the topic the passage is about in the corpus's own vocabulary, which the
 * passage may not use ("VAE … posterior" → "variational", "autoencoder", "generation"). Titles
 * only, because an abstract's words drift off the topic (feedback from whole records, RM3, lost
 * recall: DESIGN.md), and only words at least two titles share, so one off-topic hit adds nothing.
 *
 * Only the corpus is searched again with them: the user's own entries are ranked by what the
 * passage says (on a .bib alone, feedback lost cited works).
 */
import type { PaperIndex, WeightedTerm } from '../index/paperIndex';
import type { Candidate } from './candidates';
import type { BuiltQuery } from './query';
import type { RankingParameters } from './parameters';
import { fusedScore, type FusionParameters } from './fusion';
import { analyze } from '../text/analyze';

/** A word counts when this many of the titles read have it. */
const MIN_TITLES = 2;
/** At most this many feedback terms, by titles × IDF. */
const MAX_TERMS = 5;

export type FeedbackParameters = Pick<RankingParameters, 'feedbackWeight' | 'feedbackDocs' | 'maxTerms'> & FusionParameters;

/**
 * The feedback terms for a gathering: words of at least two of the `feedbackDocs` best corpus
 * candidates' titles (by the hand-set fusion) that the query does not hold, each at `feedbackWeight`.
 * Empty when feedback is off or no corpus record is among the candidates.
 *
 * @example titleFeedback(index, query, candidates, parameters) // [{ term: 'variat', weight: 0.5 }, …]
 */
export function titleFeedback(index: PaperIndex, query: BuiltQuery, candidates: readonly Candidate[], parameters: FeedbackParameters): WeightedTerm[] {
  // A search box's few words are what the user wants matched; a passage that fills the query's
  // cut says more than its rarest terms, which the best titles can then put in the corpus's words.
  if (parameters.feedbackWeight <= 0 || parameters.feedbackDocs <= 0 || query.terms.length < parameters.maxTerms) return [];
  const best = candidates
    .filter((c) => !c.inBibliography)
    .map((candidate, i) => ({ candidate, score: fusedScore(candidate.features, parameters), i }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, parameters.feedbackDocs);
  if (best.length < MIN_TITLES) return [];
  const inQuery = new Set(query.terms.map((t) => t.term));
  const titles = new Map<string, number>();
  for (const { candidate } of best) {
    for (const term of new Set(analyze(candidate.hit.record.title))) {
      if (!inQuery.has(term)) titles.set(term, (titles.get(term) ?? 0) + 1);
    }
  }
  return [...titles]
    .filter(([, n]) => n >= MIN_TITLES)
    .map(([term, n]) => ({ term, value: n * index.idf(term) }))
    .sort((a, b) => b.value - a.value || (a.term < b.term ? -1 : 1))
    .slice(0, MAX_TERMS)
    .map(({ term }) => ({ term, weight: parameters.feedbackWeight }));
}

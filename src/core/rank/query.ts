/**
 * Turns prose into a short weighted query. A paragraph has 100+ words; most are common and
 * querying them all is both slow and worse (see DESIGN.md), so only the most discriminating
 * terms are kept, weighted by how often the text repeats them.
 */
import { analyzeWithSurface } from '../text/analyze';
import type { WeightedTerm } from '../index/paperIndex';
import { DEFAULT_PARAMETERS } from './parameters';

/** What the query builder needs to know about the collection. */
export interface TermStatistics {
  /** Number of records containing the term. */
  documentFrequency(term: string): number;
  readonly size: number;
}

export interface QueryOptions {
  /** How many terms to keep (default: the ranking parameters' maxTerms). */
  maxTerms?: number;
  /** Terms of low-weight context (section and draft titles), merged in at this weight. */
  context?: string[];
  contextWeight?: number;
  /** Analysed terms the passage implies without saying them (e.g. an acronym's expansion), with their weight. */
  expansions?: WeightedTerm[];
  /**
   * Terms the collection suggests (titleFeedback.ts), added after the cut rather than competing
   * in it: at their low weight they would never pass it, and they are not the passage's words.
   */
  feedback?: WeightedTerm[];
}

export interface BuiltQuery {
  terms: WeightedTerm[];
  /** A readable word for each term, to show why a paper matched. */
  surface: Map<string, string>;
  /** Every term of the passage itself (not of its context), in order: what else reads the passage uses these. */
  passageTerms: string[];
  /** The feedback terms `terms` ends with (no word of the draft: never shown as one). */
  feedback: Set<string>;
}

/**
 * Picks the `maxTerms` (default 15) highest-IDF terms of `text` (terms absent from the collection cannot
 * match and are dropped), weighted 1 + log(tf) so repetition counts but does not dominate.
 *
 * @example buildQuery('Attention sinks in streaming LLMs', index).terms.map(t => t.term)
 *          // ['sink', 'stream', 'llm', 'attent'] (most discriminating first)
 */
export function buildQuery(text: string, stats: TermStatistics, options: QueryOptions = {}): BuiltQuery {
  const { terms, surface } = analyzeWithSurface(text);
  const weights = new Map<string, number>();
  for (const term of terms) weights.set(term, (weights.get(term) ?? 0) + 1);
  for (const [term, tf] of weights) weights.set(term, 1 + Math.log(tf));

  for (const { term, weight } of options.expansions ?? []) {
    if (!weights.has(term)) weights.set(term, weight);
  }

  const contextWeight = options.contextWeight ?? DEFAULT_PARAMETERS.contextWeight;
  for (const line of options.context ?? []) {
    const ctx = analyzeWithSurface(line);
    for (const term of new Set(ctx.terms)) {
      if (!weights.has(term)) {
        weights.set(term, contextWeight);
        surface.set(term, ctx.surface.get(term)!);
      }
    }
  }

  const n = stats.size;
  const scored: { term: string; weight: number; idf: number }[] = [];
  for (const [term, weight] of weights) {
    const df = stats.documentFrequency(term);
    if (df === 0) continue;
    scored.push({ term, weight, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) });
  }
  scored.sort((a, b) => b.idf * b.weight - a.idf * a.weight || (a.term < b.term ? -1 : 1));
  const kept = scored.slice(0, options.maxTerms ?? DEFAULT_PARAMETERS.maxTerms).map(({ term, weight }) => ({ term, weight }));
  const feedback = new Set<string>();
  const inQuery = new Set(kept.map((t) => t.term));
  for (const { term, weight } of options.feedback ?? []) {
    if (inQuery.has(term) || feedback.has(term) || stats.documentFrequency(term) === 0) continue;
    kept.push({ term, weight });
    feedback.add(term);
  }
  return { terms: kept, surface, passageTerms: terms, feedback };
}

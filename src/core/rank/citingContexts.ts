/**
 * What the draft itself says about the works it cites. Authors cite the same work in the
 * introduction, the related work and the experiments, and with similar words each time ("the
 * Zipfian rate", "frequency-rank curve"), while the work's own title may share none of them
 * ("Human behavior and the principle of least effort"). So the text around each existing
 * citation of a key is a description of that key in the author's own vocabulary; a passage that
 * says those words again is likely to want that key. This is the anchor text of web search,
 * taken from the one document that matters.
 *
 * The contexts form a small collection of their own, one document per key, with its own term
 * statistics: the index's statistics describe titles and abstracts, not how this author writes.
 *
 * Two things keep this evidence from burying the works the draft cites only once (most of a
 * draft's keys, and every new citation), both measured on 14 drafts (DESIGN.md):
 * - every context shares the draft's topic words, so a key only earns what its contexts match
 *   beyond the mean of the other keys the passage matches;
 * - how much a draft re-cites varies (a key per 1.1 to 2.2 citations): the evidence is scaled by
 *   its repeat rate, the share of its citations that cite a key it cites elsewhere too, which is
 *   the chance that the next citation is one of them.
 */
import { analyze } from '../text/analyze';
import { BM25 } from '../index/fields';
import type { ScannedDraft } from '../draft/types';

/** The text kept on either side of a citation: the benchmark's window, about a sentence each way. */
export const CONTEXT_CHARS = 200;

/** A key's contexts, analysed. */
interface KeyDocument {
  tf: Map<string, number>;
  length: number;
}

export class CitingContexts {
  private readonly documents = new Map<string, KeyDocument>();
  private readonly df = new Map<string, number>();
  private readonly averageLength: number;
  /** The share of the citations read that re-cite a key cited before: (citations − keys) / citations, smoothed. */
  readonly repeatRate: number;

  /** @param contexts key -> the plain texts around its citations */
  constructor(contexts: ReadonlyMap<string, readonly string[]>) {
    let total = 0;
    let citations = 0;
    for (const [key, texts] of contexts) {
      citations += texts.length;
      const tf = new Map<string, number>();
      for (const text of texts) for (const term of analyze(text)) tf.set(term, (tf.get(term) ?? 0) + 1);
      if (tf.size === 0) continue;
      let length = 0;
      for (const [term, n] of tf) {
        this.df.set(term, (this.df.get(term) ?? 0) + 1);
        length += n;
      }
      this.documents.set(key, { tf, length });
      total += length;
    }
    this.averageLength = this.documents.size ? total / this.documents.size : 1;
    // Laplace's estimate, so that a draft that has not re-cited yet still has a little evidence.
    this.repeatRate = (citations - contexts.size + 1) / (citations + 2);
  }

  get size(): number {
    return this.documents.size;
  }

  keys(): IterableIterator<string> {
    return this.documents.keys();
  }

  /**
   * BM25 of each key's contexts for the passage's analysed terms (each distinct term once,
   * weighted 1 + ln tf as in the main query). Only keys that match some term are returned.
   *
   * @example new CitingContexts(new Map([['zipf1949', ['the Zipfian rate of decay']]])).score(analyze('Zipfian decay'))
   */
  score(passageTerms: readonly string[]): Map<string, number> {
    const scores = new Map<string, number>();
    const n = this.documents.size;
    if (n === 0) return scores;
    const weights = new Map<string, number>();
    for (const term of passageTerms) weights.set(term, (weights.get(term) ?? 0) + 1);
    const { k, b } = BM25;
    for (const [term, tfInPassage] of weights) {
      const df = this.df.get(term);
      if (!df) continue;
      // The index's IDF form (never negative, so a draft citing one work still has a signal).
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const weight = (1 + Math.log(tfInPassage)) * idf;
      for (const [key, doc] of this.documents) {
        const tf = doc.tf.get(term);
        if (!tf) continue;
        const saturation = (tf * (k + 1)) / (tf + k * (1 - b + (b * doc.length) / this.averageLength));
        scores.set(key, (scores.get(key) ?? 0) + weight * saturation);
      }
    }
    return scores;
  }

  /**
   * The evidence for each key that the passage is about what the draft said where it cited the
   * key: its BM25 (score) above the mean of the other keys the passage matches, × the repeat
   * rate. Keys at or below that mean are left out; a key alone in matching keeps all of its score.
   */
  evidence(passageTerms: readonly string[]): Map<string, number> {
    const scores = this.score(passageTerms);
    let sum = 0;
    for (const v of scores.values()) sum += v;
    const out = new Map<string, number>();
    for (const [key, v] of scores) {
      const mean = scores.size > 1 ? (sum - v) / (scores.size - 1) : 0;
      if (v > mean) out.set(key, this.repeatRate * (v - mean));
    }
    return out;
  }
}

/**
 * The contexts of every key the draft cites, from the plain text of the paragraphs that cite it:
 * CONTEXT_CHARS either side of where the citation sat. Citations in `exclude` (the paragraph being
 * ranked) are left out: there the passage is its own context, and the key is already cited.
 */
export function draftCitingContexts(draft: ScannedDraft, exclude?: { start: number; end: number }): Map<string, string[]> {
  const contexts = new Map<string, string[]>();
  for (const paragraph of draft.paragraphs) {
    if (exclude && paragraph.start < exclude.end && exclude.start < paragraph.end) continue;
    const span = Math.max(paragraph.end - paragraph.start, 1);
    for (const citation of paragraph.citations) {
      if (citation.incomplete) continue;
      // The paragraph's text is its source with markup removed; where the citation sat in it is
      // estimated by its relative position in the source.
      const at = Math.round(((citation.start - paragraph.start) / span) * paragraph.text.length);
      const text = paragraph.text.slice(Math.max(0, at - CONTEXT_CHARS), at + CONTEXT_CHARS);
      let list = contexts.get(citation.key);
      if (!list) contexts.set(citation.key, (list = []));
      if (!list.includes(text)) list.push(text);
    }
  }
  return contexts;
}

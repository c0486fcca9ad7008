/**
 * Second stage: re-scores the first stage's best few candidates so that every record competes on
 * the same footing, whether or not it has an abstract.
 *
 * The first stage (MiniSearch's BM25+) sums each term's score over fields and multiplies the
 * total by the number of query terms matched. Both favour records with long text: a term found in
 * the title *and* the abstract counts twice, and an abstract matches many more of the passage's
 * terms than a title can. A user's .bib mixes entries with and without abstracts, and the
 * title-only ones (often the classic, most-cited works) then sink below any entry with an
 * abstract that shares a few generic words. Here a term counts once, in the field where it is
 * strongest (title weighted over abstract), and there is no matched-terms multiplier.
 * Measured on the masked-citation benchmark (DESIGN.md): cite R@10 +0.06 / MRR +0.02; discover MRR
 * +0.04 (its R@10 −0.03 is two cited works of 71, i.e. noise); about +2 ms per query, cold.
 *
 * Counting a term once still lets a record with an abstract match more of the passage's words
 * by chance than a title alone can. BM25 has no answer to that; query likelihood does, with the
 * document prior of Dirichlet smoothing, which charges a record for the text it had to match
 * with: log(μ / (|d| + μ)) per unit of query weight. Here that charge is spread over the query's
 * weight and taken as a factor, μ / (|d| + μ), so a record that matches nothing stays at zero
 * and never passes one that matches. μ is the collection's average record length: the factor
 * bites where most records are titles (a .bib) and less where most have abstracts (a corpus).
 * Measured (DESIGN.md): cite R@10 +0.056, MRR +0.048; discover R@10 unchanged, MRR −0.028.
 */
import type { PaperRecord } from '../model';
import type { PaperIndex, WeightedTerm } from '../index/paperIndex';
import { analyze } from '../text/analyze';
import { BM25, FIELD_BOOSTS, SEARCH_FIELDS } from '../index/fields';

// Typical field lengths (in index terms) for the BM25 length norm; candidates are too few to estimate them.
const AVERAGE_LENGTH = { title: 10, abstract: 120, authors: 6 } as const;
type RerankField = keyof typeof AVERAGE_LENGTH;
const FIELDS = Object.keys(AVERAGE_LENGTH) as RerankField[];

interface FieldTerms {
  tf: Map<string, number>;
  length: number;
}

function fieldTerms(text: string | undefined): FieldTerms {
  const terms = text ? analyze(text) : [];
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return { tf, length: tf.size };
}

// Analysing 30 abstracts is most of this stage's cost, and a cursor moving through one paragraph
// keeps meeting the same candidates. Records are immutable and replaced on reload, so a WeakMap
// can neither serve stale terms nor keep dropped records alive.
const analysed = new WeakMap<PaperRecord, Record<RerankField, FieldTerms>>();

function fieldsOf(record: PaperRecord): Record<RerankField, FieldTerms> {
  let fields = analysed.get(record);
  if (!fields) {
    fields = { title: fieldTerms(record.title), abstract: fieldTerms(record.abstract), authors: fieldTerms(record.authors.join(' ')) };
    analysed.set(record, fields);
  }
  return fields;
}

/** BM25 term-frequency saturation for one field (0 when the term is absent). */
function saturation(tf: number, length: number, averageLength: number): number {
  if (tf === 0) return 0;
  const { k, b } = BM25;
  return (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / averageLength));
}

/**
 * Score of one record for the query: per term, weight × idf × the best boosted field saturation.
 *
 * @example bestFieldScore(record, [{ term: 'sink', weight: 1 }], () => 2)
 */
export function bestFieldScore(record: PaperRecord, terms: readonly WeightedTerm[], idf: (term: string) => number): number {
  const fields = fieldsOf(record);
  let score = 0;
  for (const { term, weight } of terms) {
    let best = 0;
    for (const field of FIELDS) {
      const f = fields[field];
      best = Math.max(best, FIELD_BOOSTS[field] * saturation(f.tf.get(term) ?? 0, f.length, AVERAGE_LENGTH[field]));
    }
    score += weight * idf(term) * best;
  }
  return score;
}

/**
 * The share of the query's weight × IDF that the record's title matches, in [0, 1].
 *
 * @example titleCoverage(paper('a', 'Attention sinks'), [{ term: 'sink', weight: 1 }, { term: 'stream', weight: 1 }], () => 1) // 0.5
 */
export function titleCoverage(record: PaperRecord, terms: readonly WeightedTerm[], idf: (term: string) => number): number {
  const title = fieldsOf(record).title.tf;
  let matched = 0;
  let total = 0;
  for (const { term, weight } of terms) {
    const mass = weight * idf(term);
    total += mass;
    if (title.has(term)) matched += mass;
  }
  return total > 0 ? matched / total : 0;
}

/** A record's length for the length factor: its fields' lengths (distinct terms) weighted by their boosts. */
function boostedLength(lengths: Record<RerankField, number>): number {
  let length = 0;
  for (const field of FIELDS) length += FIELD_BOOSTS[field] * lengths[field];
  return length;
}

/** The average boosted length of the records in `index` (the length factor's μ). */
export function averageBoostedLength(index: PaperIndex): number {
  const averages = index.averageFieldLengths();
  const of = (field: RerankField) => averages[SEARCH_FIELDS.indexOf(field)];
  return boostedLength({ title: of('title'), abstract: of('abstract'), authors: of('authors') });
}

/**
 * The length factor of a record, μ / (|d| + μ) with μ the average length: in (0, 1), smaller for
 * longer records.
 *
 * @example lengthFactor(record, 30) // 30 / (|record| + 30)
 */
export function lengthFactor(record: PaperRecord, averageLength: number): number {
  const fields = fieldsOf(record);
  const length = boostedLength({ title: fields.title.length, abstract: fields.abstract.length, authors: fields.authors.length });
  const mu = Math.max(averageLength, 1);
  return mu / (length + mu);
}

/**
 * Papers that name what they introduce: "BERT: Pre-training of Deep Bidirectional Transformers",
 * "Vocal Tract Length Perturbation (VTLP) improves speech recognition". A draft that says "we
 * fine-tune BERT" means the paper that introduced BERT, yet BM25 ranks it below the many abstracts
 * that merely use BERT alongside other words of the passage. So a passage word that is a paper's
 * title name (text/titleNames.ts), or a name its abstract introduces (text/introducedNames.ts),
 * brings that paper into the candidates and earns it a bonus. Measured on the masked-citation
 * benchmark (DESIGN.md).
 */
import type { PaperRecord } from '../model';
import type { PaperIndex } from '../index/paperIndex';
import { BM25, FIELD_BOOSTS } from '../index/fields';
import { processTerm } from '../text/analyze';
import { introducedNames } from '../text/introducedNames';
import { spelledName, spelledTitleNames } from '../text/titleNames';
import { spelledKeyNames } from '../text/keyNames';
import { DEFAULT_PARAMETERS, type RankingParameters } from './parameters';

/**
 * What one full title match of a term is worth (title boost × BM25's maximum term-frequency
 * saturation, k1 + 1), the unit of the name bonus. By default a name match is worth two: enough to
 * lift the named paper over abstracts that share a few more of the passage's words, not enough
 * to override a passage about something else.
 */
export const TITLE_MATCH = FIELD_BOOSTS.title * (BM25.k + 1);

type NameParameters = Pick<RankingParameters, 'nameMatches' | 'maxPapersPerName' | 'introducedNameWeight'>;

export interface NameMatch {
  /** The passage term that is the paper's name. */
  term: string;
  /** The name as the passage writes it, when that is not the term's usual surface ("Empathetic Dialogues"). */
  written?: string;
  bonus: number;
  /** The name's IDF, the bonus before weights. */
  idf: number;
  /** A title gives the name (else the paper's abstract introduces it). */
  fromTitle: boolean;
}

export interface Passage {
  text: string;
  /** Its analysed terms (the lexicon keys names by term). */
  terms: Iterable<string>;
}

/**
 * The papers a passage names, with their bonus: nameMatches × TITLE_MATCH × the name's IDF (a rare
 * name says more than a common one), the best one when a paper answers to several names.
 *
 * Names come from titles and, where no title gives the name, from abstracts that introduce it
 * (lexicon.ts); a run of capitalised words also counts as their joined name.
 *
 * The lexicon finds names by index term, but a name is matched as it is spelled (a plural "s"
 * aside) and only where the passage capitalises it: stemming makes "explore" the term of
 * "#Exploration: A Study of …", and a passage that explores something, or speaks of "the premise",
 * names no paper. (Measured, DESIGN.md: spelling and capitals, discover +2 of 71 cited works, MRR
 * +0.023; introduced names and runs, discover +2 more; cite unchanged by either.)
 */
export function namedInPassage(
  index: PaperIndex,
  passage: Passage,
  filter?: (record: PaperRecord) => boolean,
  parameters: NameParameters = DEFAULT_PARAMETERS,
): Map<PaperRecord, NameMatch> {
  const matches = new Map<PaperRecord, NameMatch>();
  if (parameters.nameMatches <= 0) return matches;
  const runs = capitalisedRuns(passage.text);
  const lookup = new Map<string, string | undefined>();
  for (const term of passage.terms) lookup.set(term, undefined);
  for (const run of runs) {
    const term = processTerm(run.joined);
    if (term && !lookup.has(term)) lookup.set(term, run.written);
  }
  let words: Set<string> | undefined;
  for (const [term, written] of lookup) {
    const papers = index.lexicon.papersNamed(term);
    if (!papers || papers.size > parameters.maxPapersPerName) continue;
    const fromTitle = index.lexicon.isTitleName(term);
    const source = fromTitle ? 1 : parameters.introducedNameWeight;
    if (source <= 0) continue;
    const idf = index.idf(term);
    const bonus = parameters.nameMatches * TITLE_MATCH * source * idf;
    for (const record of papers) {
      if (filter && !filter(record)) continue;
      words ??= spelledWords(passage.text, runs);
      const names = [...spelledTitleNames(record.title), ...spelledKeyNames(record), ...introducedNames(record.abstract)];
      if (!names.some((name) => words!.has(name) || words!.has(`${name}s`))) continue;
      if ((matches.get(record)?.bonus ?? 0) < bonus) matches.set(record, { term, written, bonus, idf, fromTitle });
    }
  }
  return matches;
}

interface CapitalisedRun {
  /** The words run together: "EmpatheticDialogues". */
  joined: string;
  /** As the passage has them: "Empathetic Dialogues". */
  written: string;
}

const CAPITALISED_WORD = /^\p{Lu}[\p{L}\p{N}]*$/u;
const CLOSING_PUNCTUATION = /[.,;:!?)\]]+$/;
/** Names of more words are rare, and longer runs are mostly title-cased headings. */
const MAX_RUN_WORDS = 3;

/**
 * Runs of two or three capitalised words, as a name written with spaces ("Empathetic Dialogues"
 * for EmpatheticDialogues, "Daily Dialog" for DailyDialog), the way wordForms joins hyphenated ones.
 */
function capitalisedRuns(text: string): CapitalisedRun[] {
  const runs: CapitalisedRun[] = [];
  const words = text.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    for (let n = 2; n <= MAX_RUN_WORDS && i + n <= words.length; n++) {
      const last = words[i + n - 1].replace(CLOSING_PUNCTUATION, '');
      const run = [...words.slice(i, i + n - 1), last];
      if (!run.every((w) => CAPITALISED_WORD.test(w))) break;
      runs.push({ joined: run.join(''), written: run.join(' ') });
      // Punctuation after a word ends the run.
      if (last !== words[i + n - 1]) break;
    }
  }
  return runs;
}

const CAPITAL = /\p{Lu}/u;

/**
 * The passage's words that can be names, as names are spelled; a hyphenated word also gives its
 * parts ("BERT-based"). A word written all in lower case is the ordinary word, not a name: "the
 * premise", "we seek", "in context" do not name "PREMISE: …", "SEEK: …", "ConText: …".
 */
function spelledWords(text: string, runs: readonly CapitalisedRun[]): Set<string> {
  const words = new Set<string>(runs.map((run) => spelledName(run.joined)));
  const add = (word: string) => {
    if (CAPITAL.test(word)) words.add(spelledName(word));
  };
  for (const token of text.split(/[\s/]+/)) {
    add(token);
    if (token.includes('-')) for (const part of token.split('-')) add(part);
  }
  return words;
}

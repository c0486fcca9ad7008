/**
 * What the index learns from its papers besides postings: the names titles give their subjects
 * ("BERT: ...") and abstracts introduce ("EmpatheticDialogues, a novel dataset"), the acronyms
 * abstracts define ("inter-annotator agreement (IAA)") and the authors' surnames (for "Zipfian",
 * see text/eponyms.ts). All are kept up to date paper by paper, like the postings, and saved with
 * them: rebuilding them over 100k papers takes 0.5-0.7 s, too long to repeat after every .bib edit,
 * at every start, or in the middle of a query (the surnames alone once cost the first passage with
 * an eponym 0.2-0.3 s).
 */
import type { PaperRecord } from '../model';
import { acronymDefinitions, mayDefineAcronyms } from '../text/acronyms';
import { introducedNames } from '../text/introducedNames';
import { titleNames } from '../text/titleNames';
import { spelledKeyNames } from '../text/keyNames';
import { processTerm } from '../text/analyze';

/** The serialised form: ids instead of records, counts per acronym expansion. */
export interface SerializedLexicon {
  names: [string, string[]][];
  keyed: [string, string[]][];
  introduced: [string, string[]][];
  acronyms: [string, [string, number][]][];
  surnames: string[];
}

// A 100k-paper corpus names ~400k authors, ~200k of them distinct.
const surnameTerms = new Map<string, string | null>();
const SURNAME_CACHE_LIMIT = 200_000;

/**
 * The index term of an author's surname (display names are "First Last"), or null. Keyed by the
 * whole name: the record's own string, whose hash V8 keeps, where a sliced surname is hashed anew.
 */
function surnameTerm(name: string): string | null {
  let term = surnameTerms.get(name);
  if (term === undefined) {
    const last = name.slice(name.lastIndexOf(' ') + 1);
    term = last.length > 2 ? (processTerm(last) ?? null) : null;
    if (surnameTerms.size >= SURNAME_CACHE_LIMIT) surnameTerms.clear();
    surnameTerms.set(name, term);
  }
  return term;
}

function addSurnames(surnames: Set<string>, record: PaperRecord): void {
  for (const name of record.authors) {
    const term = surnameTerm(name);
    if (term !== null) surnames.add(term);
  }
}

function definitionsOf(record: PaperRecord): Map<string, string[]>[] {
  const texts = record.abstract ? [record.title, record.abstract] : [record.title];
  return texts.filter(mayDefineAcronyms).map(acronymDefinitions);
}

/** The index terms of names, each once. */
function termsOf(names: readonly string[]): string[] {
  const terms: string[] = [];
  for (const name of names) {
    const term = processTerm(name);
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms;
}

/** The index terms of the names a bibliography entry's key gives it. */
const keyedTerms = (record: PaperRecord): string[] => termsOf(spelledKeyNames(record));

/** The index terms of the names a paper's abstract introduces. */
const introducedTerms = (record: PaperRecord): string[] => termsOf(introducedNames(record.abstract));

function link(map: Map<string, Set<PaperRecord>>, name: string, record: PaperRecord): void {
  let papers = map.get(name);
  if (!papers) map.set(name, (papers = new Set()));
  papers.add(record);
}

function unlink(map: Map<string, Set<PaperRecord>>, name: string, record: PaperRecord): void {
  const papers = map.get(name);
  papers?.delete(record);
  if (papers?.size === 0) map.delete(name);
}

const serializeNames = (map: Map<string, Set<PaperRecord>>): [string, string[]][] =>
  [...map].map(([name, papers]) => [name, [...papers].map((r) => r.id)]);

function restoreNames(map: Map<string, Set<PaperRecord>>, data: [string, string[]][], recordOf: (id: string) => PaperRecord | undefined): void {
  for (const [name, ids] of data) {
    const papers = new Set(ids.map(recordOf).filter((r): r is PaperRecord => r !== undefined));
    if (papers.size > 0) map.set(name, papers);
  }
}

export class Lexicon {
  /** Name term -> papers whose title gives that name. */
  private readonly named = new Map<string, Set<PaperRecord>>();
  /** Name term -> bibliography entries whose key gives that name (text/keyNames.ts). */
  private readonly keyed = new Map<string, Set<PaperRecord>>();
  /** Name term -> papers whose abstract introduces that name (text/introducedNames.ts). */
  private readonly introduced = new Map<string, Set<PaperRecord>>();
  /** Acronym term -> expansion (terms joined by spaces) -> how many texts define it so. */
  private readonly acronyms = new Map<string, Map<string, number>>();
  /**
   * Surname terms of the authors. Only ever added to: a surname whose last paper went stays, and
   * can then only add a query term that matches nothing.
   */
  private readonly surnames = new Set<string>();

  add(record: PaperRecord): void {
    for (const name of titleNames(record.title)) link(this.named, name, record);
    for (const name of keyedTerms(record)) link(this.keyed, name, record);
    for (const name of introducedTerms(record)) link(this.introduced, name, record);
    for (const definitions of definitionsOf(record)) {
      for (const [acronym, terms] of definitions) this.count(acronym, terms.join(' '), 1);
    }
    addSurnames(this.surnames, record);
  }

  remove(record: PaperRecord): void {
    for (const name of titleNames(record.title)) unlink(this.named, name, record);
    for (const name of keyedTerms(record)) unlink(this.keyed, name, record);
    for (const name of introducedTerms(record)) unlink(this.introduced, name, record);
    for (const definitions of definitionsOf(record)) {
      for (const [acronym, terms] of definitions) this.count(acronym, terms.join(' '), -1);
    }
  }

  private count(acronym: string, expansion: string, delta: number): void {
    let byExpansion = this.acronyms.get(acronym);
    if (!byExpansion) this.acronyms.set(acronym, (byExpansion = new Map()));
    const count = (byExpansion.get(expansion) ?? 0) + delta;
    if (count > 0) byExpansion.set(expansion, count);
    else byExpansion.delete(expansion);
    if (byExpansion.size === 0) this.acronyms.delete(acronym);
  }

  /**
   * The papers whose title or key gives `name` (an index term), or failing any, those whose
   * abstract introduces it: a title says what a paper is about, and so does the user's key for it,
   * while an abstract's "BERT, a pre-trained model" may be a paper using BERT.
   */
  papersNamed(name: string): ReadonlySet<PaperRecord> | undefined {
    const titled = this.named.get(name);
    const keyed = this.keyed.get(name);
    if (titled && keyed) return new Set([...titled, ...keyed]);
    return titled ?? keyed ?? this.introduced.get(name);
  }

  /** Whether some title or key gives `name` (else `papersNamed` answers from abstracts). */
  isTitleName(name: string): boolean {
    return this.named.has(name) || this.keyed.has(name);
  }

  /** Whether some indexed paper has (or had) an author of this surname (an index term). */
  isSurname(term: string): boolean {
    return this.surnames.has(term);
  }

  /** The most frequent expansion of an acronym (its index term), as index terms. */
  expansion(acronym: string): string[] | undefined {
    const byExpansion = this.acronyms.get(acronym);
    if (!byExpansion) return undefined;
    let best: string | undefined;
    let bestCount = 0;
    for (const [expansion, count] of byExpansion) {
      if (count > bestCount || (count === bestCount && best !== undefined && expansion < best)) [best, bestCount] = [expansion, count];
    }
    return best?.split(' ');
  }

  toJSON(): SerializedLexicon {
    return {
      names: serializeNames(this.named),
      keyed: serializeNames(this.keyed),
      introduced: serializeNames(this.introduced),
      acronyms: [...this.acronyms].map(([acronym, byExpansion]) => [acronym, [...byExpansion]]),
      surnames: [...this.surnames],
    };
  }

  /** Restores a lexicon written by `toJSON`; `recordOf` resolves ids (unknown ids are skipped). */
  static fromJSON(data: SerializedLexicon, recordOf: (id: string) => PaperRecord | undefined): Lexicon {
    const lexicon = new Lexicon();
    restoreNames(lexicon.named, data.names, recordOf);
    restoreNames(lexicon.keyed, data.keyed, recordOf);
    restoreNames(lexicon.introduced, data.introduced, recordOf);
    for (const [acronym, counts] of data.acronyms) lexicon.acronyms.set(acronym, new Map(counts));
    for (const surname of data.surnames) lexicon.surnames.add(surname);
    return lexicon;
  }
}

/**
 * What the index learns from its papers besides postings: the names titles give their subjects
 * ("BERT: ..."), the acronyms abstracts define ("inter-annotator agreement (IAA)") and the
 * authors' surnames (for "Zipfian", see text/eponyms.ts). Kept up to
 * date paper by paper, like the postings, and saved with them: rebuilding it over 100k papers
 * takes about half a second, too long to repeat after every .bib edit or at every start.
 */
import type { PaperRecord } from '../model';
import { acronymDefinitions, mayDefineAcronyms } from '../text/acronyms';
import { titleNames } from '../text/titleNames';
import { processTerm } from '../text/analyze';

/** The serialised form: ids instead of records, counts per acronym expansion. */
export interface SerializedLexicon {
  names: [string, string[]][];
  acronyms: [string, [string, number][]][];
  surnames: [string, number][];
}

/** The index terms of the authors' surnames (display names are "First Last"). */
function surnamesOf(record: PaperRecord): string[] {
  const out: string[] = [];
  for (const name of record.authors) {
    const last = name.slice(name.lastIndexOf(' ') + 1);
    const term = last.length > 2 ? processTerm(last) : undefined;
    if (term !== undefined && !out.includes(term)) out.push(term);
  }
  return out;
}

function definitionsOf(record: PaperRecord): Map<string, string[]>[] {
  const texts = record.abstract ? [record.title, record.abstract] : [record.title];
  return texts.filter(mayDefineAcronyms).map(acronymDefinitions);
}

export class Lexicon {
  /** Name term -> papers whose title gives that name. */
  private readonly named = new Map<string, Set<PaperRecord>>();
  /** Acronym term -> expansion (terms joined by spaces) -> how many texts define it so. */
  private readonly acronyms = new Map<string, Map<string, number>>();
  /** Surname term -> number of papers with an author of that surname. */
  private readonly surnames = new Map<string, number>();

  add(record: PaperRecord): void {
    for (const name of titleNames(record.title)) {
      let papers = this.named.get(name);
      if (!papers) this.named.set(name, (papers = new Set()));
      papers.add(record);
    }
    for (const definitions of definitionsOf(record)) {
      for (const [acronym, terms] of definitions) this.count(acronym, terms.join(' '), 1);
    }
    for (const surname of surnamesOf(record)) this.surnames.set(surname, (this.surnames.get(surname) ?? 0) + 1);
  }

  remove(record: PaperRecord): void {
    for (const name of titleNames(record.title)) {
      const papers = this.named.get(name);
      papers?.delete(record);
      if (papers?.size === 0) this.named.delete(name);
    }
    for (const definitions of definitionsOf(record)) {
      for (const [acronym, terms] of definitions) this.count(acronym, terms.join(' '), -1);
    }
    for (const surname of surnamesOf(record)) {
      const count = (this.surnames.get(surname) ?? 0) - 1;
      if (count > 0) this.surnames.set(surname, count);
      else this.surnames.delete(surname);
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

  /** The papers whose title gives `name` (an index term). */
  papersNamed(name: string): ReadonlySet<PaperRecord> | undefined {
    return this.named.get(name);
  }

  /** Whether some indexed paper has an author of this surname (an index term). */
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
      names: [...this.named].map(([name, papers]) => [name, [...papers].map((r) => r.id)]),
      acronyms: [...this.acronyms].map(([acronym, byExpansion]) => [acronym, [...byExpansion]]),
      surnames: [...this.surnames],
    };
  }

  /** Restores a lexicon written by `toJSON`; `recordOf` resolves ids (unknown ids are skipped). */
  static fromJSON(data: SerializedLexicon, recordOf: (id: string) => PaperRecord | undefined): Lexicon {
    const lexicon = new Lexicon();
    for (const [name, ids] of data.names) {
      const papers = new Set(ids.map(recordOf).filter((r): r is PaperRecord => r !== undefined));
      if (papers.size > 0) lexicon.named.set(name, papers);
    }
    for (const [acronym, counts] of data.acronyms) lexicon.acronyms.set(acronym, new Map(counts));
    for (const [surname, count] of data.surnames) lexicon.surnames.set(surname, count);
    return lexicon;
  }
}

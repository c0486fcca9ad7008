/**
 * What of a record is searchable, and how much each part counts. One options factory for the
 * CLI and the extension, so an index written by one loads in the other.
 */
import type { Options, SearchOptions } from 'minisearch';
import type { PaperRecord } from '../model';
import { analyze } from '../text/analyze';

export const SEARCH_FIELDS = ['title', 'abstract', 'authors', 'venue'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Bumped whenever reading, analysis, fields or the serialised layout change: old caches are then rebuilt. */
export const INDEX_FORMAT_VERSION = 14;

/** A record as the index sees it: each field already analysed into space-separated terms. */
export type AnalyzedDocument = { id: number } & Record<SearchField, string>;

/**
 * Field boosts, measured on the masked-citation benchmark (see DESIGN.md): the title says what a
 * paper is about most densely; venue names are mostly noise ("Proceedings of ...").
 */
export const FIELD_BOOSTS: Record<SearchField, number> = {
  title: 2,
  abstract: 1,
  authors: 1,
  venue: 0.2,
};

/** What analysis reads of a record. */
export type AnalyzableRecord = Pick<PaperRecord, 'title' | 'abstract' | 'authors' | 'venue'>;

/** Analyses a record once; the index then only splits on spaces. */
export function analyzeRecord(record: AnalyzableRecord, docId: number): AnalyzedDocument {
  return {
    id: docId,
    title: analyze(record.title).join(' '),
    abstract: record.abstract ? analyze(record.abstract).join(' ') : '',
    // Surnames are what drafts mention ("as Vaswani et al. show"), so authors are searchable too.
    // Name by name: the same as analysing the joined names (no word spans a space), and names repeat.
    authors: record.authors.map(analyzedOnce).filter(Boolean).join(' '),
    venue: record.venue ? analyzedOnce(record.venue) : '',
  };
}

// 104k ACL papers have 3,113 distinct venues and ~200k distinct author names: analysing each once
// saves a tenth of the build's analysis.
const analysedText = new Map<string, string>();
const ANALYSED_TEXT_LIMIT = 300_000;

function analyzedOnce(text: string): string {
  let terms = analysedText.get(text);
  if (terms === undefined) {
    terms = analyze(text).join(' ');
    if (analysedText.size >= ANALYSED_TEXT_LIMIT) analysedText.clear();
    analysedText.set(text, terms);
  }
  return terms;
}

const splitOnSpace = (text: string): string[] => (text ? text.split(' ') : []);

/** MiniSearch options: documents arrive analysed, so tokenising is a split and terms pass as they are. */
export function miniSearchOptions(): Options<AnalyzedDocument> {
  return {
    idField: 'id',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    tokenize: splitOnSpace,
    processTerm: (term) => term,
    searchOptions: defaultSearchOptions(),
    autoVacuum: { minDirtCount: 1000, minDirtFactor: 0.1, batchSize: 1000, batchWait: 10 },
  };
}

/** BM25+ parameters (MiniSearch's defaults, kept explicit so both search paths agree). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

export function defaultSearchOptions(): SearchOptions {
  return {
    boost: { ...FIELD_BOOSTS },
    bm25: { ...BM25 },
    combineWith: 'OR',
    prefix: false,
    fuzzy: false,
  };
}

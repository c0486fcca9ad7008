/**
 * BibTeX / BibLaTeX files -> PaperRecords.
 *
 * The file is read in one pass by a small scanner of our own (entries, fields, `@string` macros,
 * `#` concatenation), which knows the line of every entry and recovers at the next line that
 * starts an entry, so one broken entry costs only that entry. Field values are then decoded from
 * LaTeX to plain Unicode by @citation-js/plugin-bibtex's value parser, only for the fields a
 * PaperRecord uses. Why not citation-js for the whole file: its file grammar stops at the first
 * syntax error and gives no line numbers, and mapping every field to CSL costs more than reading
 * the file (see scripts/bench-bib.mjs).
 *
 * bibtex/scanner.ts    text -> raw entries and located errors, resynchronising at entry lines
 * bibtex/decode.ts     LaTeX in field values -> Unicode (islands decoded once, author lists split)
 * bibtex/parse.ts      parseBibtex: scan, drop duplicate keys, resolve crossrefs, map each entry
 *                      to a PaperRecord (title, names, venue, DOI, arXiv id, year)
 */
export { parseBibtex, parseBibtexDocument } from './bibtex/parse';

/**
 * BibTeX / BibLaTeX files -> PaperRecords.
 *
 * The file is read in one pass by a small scanner of our own (entries, fields, `@string` macros,
 * `#` concatenation), which knows the line of every entry and recovers at the next line that
 * starts an entry, so one broken entry costs only that entry. Field values are then decoded from
 * LaTeX to plain Unicode by one TeX-like reader for every field, names included, with the symbol
 * tables of @citation-js/plugin-bibtex. Why not citation-js for the whole file: its file grammar
 * stops at the first syntax error and gives no line numbers, and its value decoder lost spaces
 * after commands, wrote maths as command names and decoded names otherwise than titles.
 *
 * bibtex/scanner.ts    text -> raw entries and located errors, resynchronising at entry lines
 * bibtex/latex.ts      LaTeX in a field value -> the text a reader sees
 * bibtex/decode.ts     values and author lists (BibTeX's name rules) of one file, decoded once each
 * bibtex/parse.ts      parseBibtex: scan, drop duplicate keys, resolve crossrefs, map each entry
 *                      to a PaperRecord (title, names, venue, DOI, arXiv id, year)
 */
export { parseBibtex, parseBibtexDocument } from './bibtex/parse';

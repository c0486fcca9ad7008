/**
 * What a citation key says of the paper it was written for. Keys are mostly built from the first
 * author's last name, the year and a title word (`vaswani2017attention`, `Vaswani:2017:AIY`,
 * `vaswani_attention_2017`, Google Scholar's `vaswani2017attention`, DBLP's `VaswaniSPUJGKP17`), so a
 * key the bibliography lacks is a query for its paper, and a way to order the papers found.
 */
import { normalizeWord } from '../text/analyze';
import type { PaperRecord } from '../model';
import { lastNameKey } from '../dedupe';

export interface KeyHints {
  /** The key's words, lower-cased and accent-folded: `['vaswani', 'attention']`. */
  words: string[];
  /** A four-digit year in the key (1900–2099). */
  year?: number;
}

/**
 * The words and year of `key`, split where letters meet digits, at lower-to-upper case changes and
 * at any punctuation. One-letter pieces and bare numbers other than a year carry nothing.
 *
 * @example keyHints('vaswani2017attention') // { words: ['vaswani', 'attention'], year: 2017 }
 */
export function keyHints(key: string): KeyHints {
  const pieces = key.split(/[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u);
  const words: string[] = [];
  let year: number | undefined;
  for (const piece of pieces) {
    if (/^(19|20)\d\d$/.test(piece)) year ??= Number(piece);
    else if (/\p{L}/u.test(piece) && piece.length >= 2) words.push(normalizeWord(piece));
  }
  return { words: [...new Set(words)], year };
}

/** A search query for the paper of `key`: its words (a year narrows full-text search to nothing). */
export function keyQuery(key: string): string {
  return keyHints(key).words.join(' ');
}

/**
 * How well `record` fits what `key` says: 2 when its first author's last name is a word of the
 * key (1 for another author's), 1 for the key's year (a preprint a year off: 0.5), and the share of
 * the other words found at the start of a title word. Papers found for a key are shown best first.
 */
export function keyFit(record: Pick<PaperRecord, 'authors' | 'year' | 'title'>, hints: KeyHints): number {
  const words = new Set(hints.words);
  const lastNames = record.authors.map(lastNameKey);
  let score = 0;
  let named: string | undefined;
  const author = lastNames.findIndex((n) => n !== '' && words.has(n));
  if (author >= 0) {
    named = lastNames[author];
    score += author === 0 ? 2 : 1;
  }
  if (hints.year !== undefined && record.year !== undefined) {
    const off = Math.abs(hints.year - record.year);
    score += off === 0 ? 1 : off === 1 ? 0.5 : 0;
  }
  const rest = hints.words.filter((w) => w !== named);
  if (rest.length > 0) {
    const titleWords = record.title.split(/[^\p{L}\p{N}]+/u).map(normalizeWord).filter(Boolean);
    const found = rest.filter((w) => titleWords.some((t) => t.startsWith(w))).length;
    score += found / rest.length;
  }
  return score;
}

/** `records` best fitting `key` first (a stable sort: ties keep the providers' order). */
export function orderByKey<T extends Pick<PaperRecord, 'authors' | 'year' | 'title'>>(records: readonly T[], key: string): T[] {
  const hints = keyHints(key);
  return records
    .map((record, i) => ({ record, i, fit: keyFit(record, hints) }))
    .sort((a, b) => b.fit - a.fit || a.i - b.i)
    .map((x) => x.record);
}

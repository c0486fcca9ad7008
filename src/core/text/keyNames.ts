/**
 * The names a citation key gives its paper. Most keys are built from the first author, the year
 * and title words (`vaswani2017attention`), but authors who write their keys by hand often key a
 * paper by what they call it: `cho2014gru`, `gpt2`, `lama`, `devlin2019bert`. That word is the
 * author's own name for the work, and often one its title lacks ("On the Properties of Neural
 * Machine Translation: Encoder-Decoder Approaches" introduced the GRU). See rank/names.ts for how
 * ranking uses names; only the user's bibliography has keys someone wrote.
 */
import type { PaperRecord } from '../model';
import { normalizeWord } from './analyze';
import { spelledName } from './titleNames';

/** A four-digit year inside a key splits it: `cho2014gru`. Other digits belong to the name: `gpt2`, `word2vec`. */
const PIECES = /[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})|(?<=\D)(?=(?:19|20)\d\d(?!\d))|(?<=(?:19|20)\d\d)(?=\D)/u;

/**
 * Words of generated keys (DBLP's `DBLP:journals/corr/abs-…`, "et al." as `etal`) and venues,
 * which a key may carry but which name no paper.
 */
const NOT_NAMES = new Set([
  'etal', 'al', 'et', 'dblp', 'journals', 'journal', 'conf', 'corr', 'abs', 'arxiv', 'preprint', 'thesis', 'phd', 'book',
  'web', 'online', 'misc', 'url', 'tr', 'acl', 'naacl', 'eacl', 'emnlp', 'coling', 'lrec', 'tacl', 'conll', 'neurips',
  'nips', 'icml', 'iclr', 'aaai', 'ijcai', 'cvpr', 'iccv', 'eccv', 'kdd', 'sigir', 'www', 'interspeech', 'icassp',
]);

/** Accents folded, so that `muller2019` is Müller's. */
const folded = (word: string): string => spelledName(normalizeWord(word));
const words = (text: string | undefined): string[] => (text ? text.split(/[^\p{L}\p{N}]+/u).map(folded).filter(Boolean) : []);
/** An author's name words, and the last name run together (`dascoli` for Stéphane d'Ascoli). */
const nameWords = (name: string): string[] => [...words(name), folded(name.slice(name.lastIndexOf(' ') + 1))];

/**
 * The names `record`'s key gives it, spelled as titleNames spells names (letters and digits,
 * lower-cased): the key's words that are no author's name, no title word or the start of one,
 * no venue word and no year (a piece starting with a digit). None outside the user's
 * bibliography: a corpus's keys are made from its titles.
 *
 * @example spelledKeyNames({ key: 'cho2014gru', title: 'On the Properties of Neural Machine Translation', authors: ['Kyunghyun Cho'], inBibliography: true }) // ['gru']
 */
export function spelledKeyNames(record: Pick<PaperRecord, 'key' | 'title' | 'authors' | 'venue' | 'inBibliography'>): string[] {
  if (!record.key || !record.inBibliography) return [];
  const own = new Set([...words(record.title), ...record.authors.flatMap(nameWords), ...words(record.venue)]);
  const titleWords = words(record.title);
  const names: string[] = [];
  for (const piece of record.key.split(PIECES)) {
    const name = spelledName(piece);
    // A name starts with a letter: `4f3d7d38` in `NEURIPS2021_4f3d7d38` is a hash.
    const plain = folded(name);
    if (name.length < 2 || !/^\p{L}/u.test(name) || NOT_NAMES.has(plain) || own.has(plain)) continue;
    if (titleWords.some((w) => w.startsWith(plain)) || names.includes(name)) continue;
    names.push(name);
  }
  return names;
}

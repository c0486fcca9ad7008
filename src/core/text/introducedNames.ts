/**
 * Names an abstract introduces: "This work proposes … EmpatheticDialogues, a novel dataset of 25k
 * conversations". Datasets and systems are cited by such names ("we evaluate on Empathetic
 * Dialogues"), and the paper that introduced one often keeps the name out of its title ("Towards
 * Empathetic Open-domain Conversation Models"), so title names (titleNames.ts) miss it.
 *
 * Only the appositive form "NAME, a|an … KIND" is read: it is how abstracts introduce a name, and it
 * can be found from one cheap anchor (", a"). The other forms ("called NAME", "we present NAME")
 * need a scan per anchor word and cost the index build ~0.3 s at 100k papers (DESIGN.md). A paper
 * that merely uses a named resource sometimes writes the same form ("we use SQuAD, a reading
 * comprehension dataset"); names that many papers introduce are dropped when ranking.
 */
import { spelledName } from './titleNames';

/** What an introduced name names. */
const KINDS = new Set([
  'dataset',
  'corpus',
  'benchmark',
  'model',
  'framework',
  'toolkit',
  'system',
  'method',
  'approach',
  'architecture',
  'library',
  'resource',
  'metric',
  'task',
  'collection',
  'suite',
  'treebank',
  'tool',
  'platform',
  'challenge',
]);
/**
 * Words that end the appositive's head before its kind could come: in "PLMs, a dimension critical
 * to model size" the kind word belongs to a phrase of its own, and PLMs are no model.
 */
const PHRASE_ENDS = new Set(['of', 'to', 'for', 'in', 'on', 'with', 'by', 'from', 'at', 'into', 'that', 'which', 'who', 'whose', 'where', 'than', 'as']);
/** A plural acronym ("PLMs", "KBs") names a kind of thing, not one work. */
const PLURAL_ACRONYM = /^[\p{Lu}\p{N}-]+s$/u;
/** Words allowed between the article and the kind: "a novel, large-scale multilingual dataset". */
const MAX_WORDS_BEFORE_KIND = 4;
/** A name: starts with a capital and has another capital or a digit ("ROCStories", "GPT-2", "BLM"), so a sentence-initial word is not one. */
const NAME_LIKE = /^\p{Lu}[\p{L}\p{N}-]*(?:\p{Lu}|\p{N})[\p{L}\p{N}-]*$/u;
const WORD_CHAR = /[\p{L}\p{N}-]/u;

/**
 * The names an abstract introduces, as spelled (spelledName).
 *
 * @example introducedNames('We present EmpatheticDialogues, a novel dataset of conversations.') // ['empatheticdialogues']
 */
export function introducedNames(abstract: string | undefined): string[] {
  if (!abstract) return [];
  const names: string[] = [];
  for (let comma = abstract.indexOf(', a'); comma >= 0; comma = abstract.indexOf(', a', comma + 3)) {
    const afterArticle = articleEnd(abstract, comma + 2);
    if (afterArticle < 0 || !kindFollows(abstract, afterArticle)) continue;
    let start = comma;
    while (start > 0 && WORD_CHAR.test(abstract[start - 1])) start--;
    const name = abstract.slice(start, comma);
    if (!NAME_LIKE.test(name) || PLURAL_ACRONYM.test(name)) continue;
    const spelled = spelledName(name);
    if (!names.includes(spelled)) names.push(spelled);
  }
  return names;
}

/** Where the text after "a " or "an " starts, or -1 when `at` does not begin one of those words. */
function articleEnd(text: string, at: number): number {
  if (text.startsWith('a ', at)) return at + 2;
  if (text.startsWith('an ', at)) return at + 3;
  return -1;
}

/** Whether one of the next few words (up to the end of the clause) is a KIND. */
function kindFollows(text: string, from: number): boolean {
  let at = from;
  for (let words = 0; words <= MAX_WORDS_BEFORE_KIND; words++) {
    let end = at;
    while (end < text.length && WORD_CHAR.test(text[end])) end++;
    if (end === at) return false;
    const word = text.slice(at, end).toLowerCase();
    if (KINDS.has(word)) return true;
    if (PHRASE_ENDS.has(word)) return false;
    // A clause ends at anything but a space or a comma between adjectives.
    if (text[end] === ',' && text[end + 1] === ' ') end++;
    if (text[end] !== ' ') return false;
    at = end + 1;
  }
  return false;
}

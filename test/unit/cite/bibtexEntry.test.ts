import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asciiFold, escapeLatex, formatBibtex, makeCitationKey, splitName } from '../../../src/core/cite/bibtexEntry';
import type { PaperRecord } from '../../../src/core/model';

// citation-js ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Cite } = require('@citation-js/core') as { Cite: new (input: string) => { data: CslItem[] } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@citation-js/plugin-bibtex');

interface CslName {
  given?: string;
  family?: string;
  literal?: string;
  suffix?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
}
interface CslItem {
  type: string;
  title?: string;
  author?: CslName[];
  issued?: { 'date-parts': number[][] };
  DOI?: string;
  abstract?: string;
  'container-title'?: string;
}

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/cite');

function record(partial: Partial<PaperRecord> & { title: string }): PaperRecord {
  return { id: 'test', authors: [], origin: { kind: 'corpus', file: 'test.jsonl' }, inBibliography: false, ...partial };
}

/** Parses one BibTeX entry with citation-js; fails the test on anything but exactly one entry. */
function parseBack(bibtex: string): CslItem {
  const items = new Cite(bibtex).data;
  assert.equal(items.length, 1, `citation-js read ${items.length} entries from:\n${bibtex}`);
  return items[0]!;
}

/** A CSL name as a "First von Last Jr." display name. */
function displayName(n: CslName): string {
  if (n.literal) return n.literal;
  return [n.given, n['dropping-particle'], n['non-dropping-particle'], n.family, n.suffix].filter(Boolean).join(' ');
}

function assertRoundTrip(r: PaperRecord, key = 'k'): CslItem {
  const text = formatBibtex(r, key, { abstract: true });
  const item = parseBack(text);
  assert.equal(item.title, r.title, text);
  assert.deepEqual((item.author ?? []).map(displayName), r.authors, text);
  assert.equal(item.issued?.['date-parts'][0]?.[0], r.year, text);
  assert.equal(item.DOI?.toLowerCase(), r.doi, text);
  return item;
}

const vaswani = record({
  title: 'Attention Is All You Need',
  authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit', 'Llion Jones', 'Aidan N. Gomez', 'Łukasz Kaiser', 'Illia Polosukhin'],
  year: 2017,
  venue: 'Advances in Neural Information Processing Systems',
  arxiv: '1706.03762',
  url: 'https://arxiv.org/abs/1706.03762',
});

describe('asciiFold', () => {
  it('strips accents and maps the letters NFKD leaves alone', () => {
    assert.equal(asciiFold('Müller-Łukasiewicz Søren Straße Ærø'), 'Muller-Lukasiewicz Soren Strasse AEro');
  });
  it('leaves ASCII and other scripts as they are', () => {
    assert.equal(asciiFold('Plain ASCII, 42!'), 'Plain ASCII, 42!');
    assert.equal(asciiFold('王小明'), '王小明');
  });
});

describe('splitName', () => {
  it('splits a display name into first, von, last and jr', () => {
    assert.deepEqual(splitName('Ashish Vaswani'), { first: 'Ashish', von: '', last: 'Vaswani', jr: '' });
    assert.deepEqual(splitName('Gertjan van Noord'), { first: 'Gertjan', von: 'van', last: 'Noord', jr: '' });
    assert.deepEqual(splitName('Martin Luther King Jr.'), { first: 'Martin Luther', von: '', last: 'King', jr: 'Jr.' });
    assert.deepEqual(splitName('Martin Luther King, Jr.'), { first: 'Martin Luther', von: '', last: 'King', jr: 'Jr.' });
  });
  it('reads names with a comma as "Last, First"', () => {
    assert.deepEqual(splitName('van Noord, Gertjan'), { first: 'Gertjan', von: 'van', last: 'Noord', jr: '' });
    assert.deepEqual(splitName('King, Jr., Martin Luther'), { first: 'Martin Luther', von: '', last: 'King', jr: 'Jr.' });
  });
  it('takes a single word as a last name', () => {
    assert.deepEqual(splitName('Plato'), { first: '', von: '', last: 'Plato', jr: '' });
  });
});

describe('escapeLatex', () => {
  it('escapes every LaTeX special character', () => {
    assert.equal(escapeLatex('& % $ # _ ~ ^ \\'), '\\& \\% \\$ \\# \\_ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  });
  it('spells braces out so the result stays brace-balanced', () => {
    const out = escapeLatex('a { b } c }');
    assert.equal(out, 'a \\textbraceleft{} b \\textbraceright{} c \\textbraceright{}');
    let depth = 0;
    for (const c of out) {
      depth += c === '{' ? 1 : c === '}' ? -1 : 0;
      assert.ok(depth >= 0);
    }
    assert.equal(depth, 0);
  });
  it('keeps non-ASCII text as UTF-8', () => {
    assert.equal(escapeLatex('Ünïcödé café'), 'Ünïcödé café');
  });
});

describe('makeCitationKey', () => {
  it('builds lastnameYEARfirstword', () => {
    assert.equal(makeCitationKey(vaswani, new Set()), 'vaswani2017attention');
  });
  it('skips stopwords and folds the name to ASCII', () => {
    const r = record({ title: 'On the Dangers of Stochastic Parrots', authors: ['Emily M. Bender'], year: 2021 });
    assert.equal(makeCitationKey(r, new Set()), 'bender2021dangers');
    const t = record({ title: 'Towards a Theory of Everything', authors: ['José Müller'], year: 1999 });
    assert.equal(makeCitationKey(t, new Set()), 'muller1999theory');
  });
  it('keeps name particles and reduces words to letters and digits', () => {
    const r = record({ title: "T-REG: LLM's Rewards", authors: ['Gertjan van Noord'], year: 2020 });
    assert.equal(makeCitationKey(r, new Set()), 'vannoord2020treg');
  });
  it('falls back to the title word (then the year) without a usable author, and leaves out an unknown year', () => {
    assert.equal(makeCitationKey(record({ title: 'The Zero-Shot Tokenizer' }), new Set()), 'zeroshot');
    assert.equal(makeCitationKey(record({ title: 'Title', authors: ['王小明'], year: 2020 }), new Set()), 'title2020');
    assert.equal(makeCitationKey(record({ title: 'Title', authors: ['Ada Lovelace'] }), new Set()), 'lovelacetitle');
  });
  it('falls back to the first word, then "untitled", when the title is all stopwords', () => {
    assert.equal(makeCitationKey(record({ title: 'What Is It?', authors: ['A B'], year: 2000 }), new Set()), 'b2000it');
    assert.equal(makeCitationKey(record({ title: 'Of the', authors: ['A B'], year: 2000 }), new Set()), 'b2000of');
    assert.equal(makeCitationKey(record({ title: '???', authors: ['A B'], year: 2000 }), new Set()), 'b2000untitled');
  });
  it('appends a, b, ..., z, aa to avoid existing keys', () => {
    const keys = new Set<string>(['vaswani2017attention']);
    assert.equal(makeCitationKey(vaswani, keys), 'vaswani2017attentiona');
    keys.add('vaswani2017attentiona');
    assert.equal(makeCitationKey(vaswani, keys), 'vaswani2017attentionb');
    for (const c of 'bcdefghijklmnopqrstuvwxyz') keys.add(`vaswani2017attention${c}`);
    assert.equal(makeCitationKey(vaswani, keys), 'vaswani2017attentionaa');
  });
  it('is deterministic and does not change existingKeys', () => {
    const keys = new Set<string>(['x']);
    assert.equal(makeCitationKey(vaswani, keys), makeCitationKey(vaswani, keys));
    assert.deepEqual([...keys], ['x']);
  });
});

describe('formatBibtex', () => {
  it('writes an aligned entry (fixture vaswani2017attention.bib)', () => {
    const expected = readFileSync(join(FIXTURES, 'vaswani2017attention.bib'), 'utf8');
    assert.equal(formatBibtex(vaswani, 'vaswani2017attention'), expected);
  });

  it('aligns the = of every field', () => {
    const lines = formatBibtex(vaswani, 'k').split('\n').filter((l) => l.startsWith('  '));
    assert.equal(new Set(lines.map((l) => l.indexOf(' = '))).size, 1);
  });

  it('chooses @inproceedings, @article or @misc', () => {
    const type = (r: Partial<PaperRecord>) => /^@(\w+)\{/.exec(formatBibtex(record({ title: 'T', ...r }), 'k'))![1];
    assert.equal(type({ venue: 'Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics' }), 'inproceedings');
    assert.equal(type({ venue: 'Transactions of the Association for Computational Linguistics' }), 'article');
    assert.equal(type({ venue: 'Computational Linguistics' }), 'article');
    assert.equal(type({ arxiv: '2106.09685' }), 'misc');
    assert.equal(type({ arxiv: '2106.09685', venue: 'arXiv' }), 'misc');
    assert.equal(type({ venue: 'Hugging Face Daily Papers' }), 'misc');
    assert.equal(type({}), 'misc');
    assert.equal(type({ type: 'phdthesis', venue: 'University of Edinburgh' }), 'phdthesis');
    assert.equal(type({ type: 'weird', venue: 'Journal of Things' }), 'article');
  });

  it('puts the venue in the field of the type', () => {
    assert.match(formatBibtex(record({ title: 'T', venue: 'Journal of Things' }), 'k'), /^ {2}journal = \{Journal of Things\}$/m);
    assert.match(formatBibtex(record({ title: 'T', venue: 'Proceedings of X' }), 'k'), /^ {2}booktitle = \{Proceedings of X\}$/m);
    assert.match(formatBibtex(record({ title: 'T', venue: 'Hugging Face Daily Papers' }), 'k'), /howpublished = \{Hugging Face Daily Papers\}/);
    assert.match(formatBibtex(record({ title: 'T', type: 'phdthesis', venue: 'Uni' }), 'k'), /school = \{Uni\}/);
  });

  it('writes arXiv records as @misc with eprint and archivePrefix, without primaryClass', () => {
    const out = formatBibtex(record({ title: 'LoRA', arxiv: '2106.09685', venue: 'arXiv' }), 'k');
    assert.match(out, /^@misc\{k,$/m);
    assert.match(out, /eprint {8}= \{2106\.09685\}/);
    assert.match(out, /archivePrefix = \{arXiv\}/);
    assert.doesNotMatch(out, /primaryClass|howpublished/);
  });

  it('protects acronyms and mixed case with braces, not ordinary capitals', () => {
    const out = formatBibtex(record({ title: 'BERT and GPT-4 Meet LLMs on an iPhone with Vitamin C: A Token-Level Study' }), 'k');
    assert.match(out, /title = \{\{BERT\} and \{GPT\}-4 Meet \{LLMs\} on an \{iPhone\} with Vitamin \{C\}: A Token-Level Study\}/);
  });

  it('writes authors as "von Last, Jr, First" joined with and', () => {
    const out = formatBibtex(record({ title: 'T', authors: ['Gertjan van Noord', 'Martin Luther King Jr.', 'Plato', 'Research and Development Team'] }), 'k');
    assert.match(out, /author = \{van Noord, Gertjan and King, Jr\., Martin Luther and Plato and \{Research and Development Team\}\}/);
  });

  it('keeps non-ASCII as UTF-8', () => {
    const out = formatBibtex(record({ title: 'Ünïcödé', authors: ['Łukasz Kaiser'] }), 'k');
    assert.ok(out.includes('Ünïcödé') && out.includes('Kaiser, Łukasz'));
  });

  it('leaves DOI and URL verbatim, keeping braces balanced', () => {
    const out = formatBibtex(record({ title: 'T', doi: '10.1000/a_b', url: 'https://x.org/a_b?q={1}' }), 'k');
    assert.match(out, /^ {2}doi {3}= \{10\.1000\/a_b\},$/m);
    assert.match(out, /^ {2}url {3}= \{https:\/\/x\.org\/a_b\?q=%7B1%7D\}$/m);
  });

  it('rejects keys BibTeX cannot read', () => {
    for (const key of ['', 'a b', 'a,b', 'a{b', 'a}b', 'a%b']) {
      assert.throws(() => formatBibtex(vaswani, key), /^RangeError: formatBibtex: invalid citation key/);
    }
  });

  it('omits empty fields', () => {
    const out = formatBibtex(record({ title: 'Only a Title' }), 'k');
    assert.equal(out, '@misc{k,\n  title = {Only a Title}\n}\n');
  });

  describe('round trip through citation-js', () => {
    it('gives back title, authors, year and DOI of a plain record', () => {
      assertRoundTrip(vaswani);
      assertRoundTrip(
        record({
          title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
          authors: ['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova'],
          year: 2019,
          venue: 'Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational Linguistics',
          doi: '10.18653/v1/n19-1423',
        }),
      );
    });

    it('writes the abstract only when asked to (a .bib is for typesetting)', () => {
      const r = record({ title: 'A Title', authors: ['Ann Smith'], year: 2020, abstract: 'What the paper does.' });
      assert.doesNotMatch(formatBibtex(r, 'k'), /abstract/);
      assert.match(formatBibtex(r, 'k', { abstract: true }), /abstract += \{What the paper does\.\}/);
    });

    it('survives LaTeX specials, braces, math, accents and markup in title and abstract', () => {
      const r = record({
        title: 'Q&A at 100% {Braces} and $x$: Ünïcödé Café for LLMs #1 a_b ~ c^2 \\ back',
        authors: ['José Müller-Łukasiewicz', 'Gertjan van Noord', 'Martin Luther King Jr.', 'Zoë Ö. Ångström'],
        year: 2024,
        venue: 'Proceedings of the Workshop on Hard Cases & Edge Cases',
        doi: '10.1000/xyz_123',
        abstract: 'We show <script>alert("x")</script> that } closes and { opens, 50% of $5 & more.',
      });
      const item = assertRoundTrip(r);
      assert.equal(item.abstract, r.abstract);
      assert.equal(item['container-title'], r.venue);
    });

    it('gives back every record of the bundled default corpus', () => {
      const keys = new Set<string>();
      const lines = readFileSync(join(ROOT, 'data/default-corpus.jsonl'), 'utf8').trimEnd().split('\n');
      for (const line of lines) {
        const o = JSON.parse(line) as { id: string; title: string; abstract: string; venue: string };
        const r = record({ id: o.id, title: o.title, abstract: o.abstract, venue: o.venue });
        const key = makeCitationKey(r, keys);
        keys.add(key);
        const item = parseBack(formatBibtex(r, key, { abstract: true }));
        assert.equal(item.title, r.title);
        assert.equal(item.abstract, r.abstract);
      }
    });
  });
});

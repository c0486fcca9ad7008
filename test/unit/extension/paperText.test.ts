import * as assert from 'node:assert/strict';
import {
  FILTER_TEXT_MAX,
  authorList,
  completionFilterText,
  escapeMarkdown,
  excerpt,
  markdownUrl,
  paperLine,
  paperLinks,
  paperUrl,
  pickerText,
  rankSortText,
  shortAuthors,
} from '../../../src/extension/paperText';

describe('escapeMarkdown', () => {
  it('escapes emphasis, links, html and code', () => {
    assert.equal(escapeMarkdown('*Bold* [x](y) <b>'), '\\*Bold\\* \\[x\\]\\(y\\) \\<b\\>');
    assert.equal(escapeMarkdown('a\u001b[31mred\u202eevil\u0000'), 'a\\[31mredevil', 'control characters and bidi overrides dropped');
    assert.equal(escapeMarkdown('snake_case `code`'), 'snake\\_case \\`code\\`');
  });
  it('collapses newlines so text cannot start a block', () => {
    assert.equal(escapeMarkdown('a\n# heading\n\n- item'), 'a \\# heading \\- item');
  });
  it('leaves letters, digits and non-ASCII alone', () => {
    assert.equal(escapeMarkdown('Müller 2020 naïve'), 'Müller 2020 naïve');
  });
  it('escapes backslashes so LaTeX leftovers show as written', () => {
    assert.equal(escapeMarkdown('\\emph{x}'), '\\\\emph\\{x\\}');
  });
});

describe('excerpt', () => {
  it('keeps short text whole, whitespace collapsed', () => {
    assert.equal(excerpt('  a  b\nc ', 10), 'a b c');
  });
  it('cuts at a word boundary with an ellipsis', () => {
    assert.equal(excerpt('Large language models are strong.', 20), 'Large language…');
  });
  it('drops trailing punctuation before the ellipsis', () => {
    assert.equal(excerpt('One, two, three four five', 9), 'One, two…');
  });
  it('cuts mid-word when the only boundary is too early', () => {
    assert.equal(excerpt('a supercalifragilisticexpialidocious', 20), 'a supercalifragilist…');
  });
  it('stays within the limit (plus the ellipsis)', () => {
    const text = 'word '.repeat(200);
    assert.ok(excerpt(text, 400).length <= 401);
  });
});

describe('authorList', () => {
  it('lists up to max authors, else et al.', () => {
    assert.equal(authorList([]), '');
    assert.equal(authorList(['A B', 'C D']), 'A B, C D');
    assert.equal(authorList(['A B', 'C D', 'E F'], 2), 'A B et al.');
  });
});

describe('shortAuthors', () => {
  it('gives last names', () => {
    assert.equal(shortAuthors(['Ashish Vaswani']), 'Vaswani');
    assert.equal(shortAuthors(['Ashish Vaswani', 'Noam Shazeer']), 'Vaswani and Shazeer');
    assert.equal(shortAuthors(['Gertjan van Noord', 'B C', 'D E']), 'van Noord et al.');
  });
});

describe('paperLine', () => {
  it('is "Title — Authors, Year"', () => {
    assert.equal(paperLine({ title: 'Attention  Is All You Need', authors: ['Ashish Vaswani', 'N S', 'N P'], year: 2017 }), 'Attention Is All You Need — Vaswani et al., 2017');
    assert.equal(paperLine({ title: 'T', authors: [] }), 'T');
  });
});

describe('paperLinks / paperUrl', () => {
  it('orders DOI, arXiv, URL and skips a URL that is the DOI', () => {
    const links = paperLinks({ doi: '10.1/x', arxiv: '2106.09685', url: 'https://doi.org/10.1/x' });
    assert.deepEqual(links.map((l) => l.label), ['DOI', 'arXiv']);
    assert.equal(links[1]!.url, 'https://arxiv.org/abs/2106.09685');
  });
  it('opens the DOI first, then arXiv, then the URL', () => {
    assert.equal(paperUrl({ doi: '10.1/x', arxiv: '1' }), 'https://doi.org/10.1/x');
    assert.equal(paperUrl({ arxiv: '2106.09685' }), 'https://arxiv.org/abs/2106.09685');
    assert.equal(paperUrl({ url: 'https://a.org/p' }), 'https://a.org/p');
    assert.equal(paperUrl({ url: 'javascript:alert(1)' }), undefined);
    assert.equal(paperUrl({}), undefined);
  });
});

describe('markdownUrl', () => {
  it('encodes what would end a link destination', () => {
    assert.equal(markdownUrl('https://doi.org/10.1002/(SICI)1097 x'), 'https://doi.org/10.1002/%28SICI%291097%20x');
  });
});

describe('completionFilterText', () => {
  it('is key, last names, title words', () => {
    assert.equal(
      completionFilterText({ id: 'x', key: 'vaswani2017attention', authors: ['Ashish Vaswani'], title: 'Attention Is All You Need' }),
      'vaswani2017attention Vaswani Attention Is All You Need',
    );
    // A key of a corpus paper ("lovelace2024sink") need not hold the year: typing `2017` finds it anyway.
    assert.equal(completionFilterText({ id: 'x', key: 'k', authors: ['Ashish Vaswani'], year: 2017, title: 'Attention' }), 'k Vaswani 2017 Attention');
  });
  it('folds accents and strips punctuation around words', () => {
    assert.equal(completionFilterText({ id: 'k', authors: ['Jörg Müller'], title: '"Naïve" (Bayes)' }), 'k Muller Naive Bayes');
  });
  it(`stays within VS Code's ${FILTER_TEXT_MAX}-character fuzzy-match window, cut at a word`, () => {
    const title = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const authors = Array.from({ length: 50 }, (_, i) => `First Last${i}`);
    const text = completionFilterText({ id: 'k', key: 'key2020', authors, title });
    assert.ok(text.length <= FILTER_TEXT_MAX, `${text.length}`);
    assert.match(text, /^key2020 Last0 Last1 Last2 word0 word1/);
    assert.ok(!/Last3\b/.test(text), 'only three authors');
    assert.match(text, /word\d+$/);
  });
});

describe('rankSortText', () => {
  it('sorts as text in rank order', () => {
    const s = [0, 2, 10, 100].map(rankSortText);
    assert.deepEqual([...s].sort(), s);
  });

  describe('pickerText (QuickPick labels, descriptions, details)', () => {
    it('escapes icon syntax so `$(...)` from outside shows as written, and leaves an escaped one alone', () => {
      assert.equal(pickerText('$(alert) Click $(sync~spin) \\$(eye) $(not an icon)'), '\\$(alert) Click \\$(sync~spin) \\$(eye) $(not an icon)');
    });
    it('drops control characters and bidi overrides and keeps one line', () => {
      assert.equal(pickerText(' A\u001b[2J\nB \u202Ecexe\u0007 '), 'A[2J B cexe');
    });
  });
});

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { markdownCiteAt, scanMarkdown } from '../../../src/core/draft/markdown';
import type { CitationRef } from '../../../src/core/draft/types';

const PAPER = readFileSync(resolve(__dirname, '../../fixtures/draft/paper.md'), 'utf8');

const at = (text: string, s: { start: number; end: number }): string => text.slice(s.start, s.end);
const keys = (cs: CitationRef[]): string[] => cs.map((c) => c.key);

describe('scanMarkdown', () => {
  describe('citations', () => {
    it('reads a bracketed group with prefixes and locators, with exact offsets', () => {
      const text = 'As [see @doe99, pp. 33-35; also @smith04, chap. 1] says.';
      const [doe, smith] = scanMarkdown(text).citations;
      assert.equal(at(text, doe), 'doe99');
      assert.equal(at(text, smith), 'smith04');
      assert.equal(at(text, doe.group), '[see @doe99, pp. 33-35; also @smith04, chap. 1]');
      assert.deepEqual(smith.group, doe.group);
      assert.equal(doe.command, '@');
      assert.equal(doe.incomplete, false);
    });

    it('reads in-text, suppress-author and braced keys', () => {
      const text = '@doe99 says, -@roe04 agrees, [-@poe05] and @{weird.key} too.';
      const found = scanMarkdown(text).citations;
      assert.deepEqual(keys(found), ['doe99', 'roe04', 'poe05', 'weird.key']);
      assert.equal(at(text, found[0].group), '@doe99');
      assert.equal(at(text, found[1].group), '-@roe04');
      assert.equal(at(text, found[2].group), '[-@poe05]');
      assert.equal(at(text, found[3]), 'weird.key');
      assert.equal(at(text, found[3].group), '@{weird.key}');
    });

    it('takes a bracketed locator after an in-text citation into its group', () => {
      const text = '@smith04 [p. 33] says so, unlike @roe [see @doe] and @poe [link](x).';
      const d = scanMarkdown(text);
      assert.deepEqual(d.citations.map((c) => at(text, c.group)), ['@smith04 [p. 33]', '@roe', '[see @doe]', '@poe']);
      assert.equal(d.paragraphs[0].text, 'says so, unlike and link.');
    });

    it('keeps internal punctuation in keys and strips trailing punctuation', () => {
      const text = 'See @doe:1999.a-b/c, @doe99. And @http://x.org/y. End @smith04:';
      assert.deepEqual(keys(scanMarkdown(text).citations), ['doe:1999.a-b/c', 'doe99', 'http://x.org/y', 'smith04']);
    });

    it('ignores e-mail addresses, URLs, code spans, code blocks, math and HTML', () => {
      const text = [
        'Mail john@example.com or j.doe@x.org; see https://x.org/@user and <https://y.org/@a> and [docs](https://z.org/@b).',
        'Code `@inline` and ``a `@b` c``, math $x@y$, escaped \\@key, tag <span data-x="@c">text</span>.',
        '',
        '```',
        '@fenced',
        '```',
        '',
        '    @indented',
        '',
        '<div>',
        '@html',
        '</div>',
        '',
        '| a | b |',
        '|---|---|',
        '| @table | x |',
        '',
        'Real @one.',
      ].join('\n');
      assert.deepEqual(keys(scanMarkdown(text).citations), ['one']);
    });

    it('reports an unfinished bracket at the end of a paragraph as incomplete', () => {
      const text = 'Text [@a; @ab\n\nNext [@cd].';
      const found = scanMarkdown(text).citations;
      assert.deepEqual(found.map((c) => [c.key, c.incomplete]), [['a', false], ['ab', true], ['cd', false]]);
      assert.equal(at(text, found[1].group), '[@a; @ab');
      const open = scanMarkdown('@{weird.ke').citations[0];
      assert.deepEqual([open.key, open.incomplete], ['weird.ke', true]);
    });

    it('finds citations in list items, block quotes and footnotes', () => {
      const text = '- item @a\n- item [@b]\n\n> quoted @c\n\n[^1]: A note @d.\n\nText^[inline @e] end.';
      assert.deepEqual(keys(scanMarkdown(text).citations), ['a', 'b', 'c', 'd', 'e']);
    });
  });

  describe('front matter', () => {
    it('reads title, folded abstract and a bibliography list, quotes removed', () => {
      const d = scanMarkdown(PAPER);
      assert.equal(d.title, 'TextDescriptives: A Python package');
      assert.equal(d.abstract, 'Natural language processing needs simple metrics.');
      assert.deepEqual(d.bibliographies, ['paper.bib', 'extra.bib']);
    });

    it('reads single values, flow lists and literal blocks', () => {
      assert.deepEqual(scanMarkdown('---\nbibliography: refs.bib\n---\n').bibliographies, ['refs.bib']);
      assert.deepEqual(scanMarkdown("---\nbibliography: [a.bib, 'b.bib']\n---\n").bibliographies, ['a.bib', 'b.bib']);
      const d = scanMarkdown('---\ntitle: "A \\"quoted\\" title"\nabstract: |\n  Line one.\n\n  Line two.\nauthor: x\n...\nBody.');
      assert.equal(d.title, 'A "quoted" title');
      assert.equal(d.abstract, 'Line one. Line two.');
      assert.deepEqual(d.paragraphs.map((p) => p.text), ['Body.']);
    });

    it('survives unfinished front matter and keeps the body after the first blank line', () => {
      const d = scanMarkdown('---\ntitle: Half\nabstract: "unclosed\n\n# Intro\n\nText.');
      assert.equal(d.title, 'Half');
      assert.deepEqual(d.paragraphs.map((p) => p.text), ['Text.']);
    });

    it('reads a pandoc title block', () => {
      assert.equal(scanMarkdown('% My *title*\n% Author\n\nText.').title, 'My title');
    });
  });

  describe('sections', () => {
    it('reads ATX and setext headings with levels and spans', () => {
      const text = '# One\n\nA\n\nTwo\n---\n\nB\n\n### Three ###\n\nC\n\n## Four {#four}\n\nD\n\nFive\n====\n';
      const d = scanMarkdown(text);
      assert.deepEqual(d.sections.map((s) => [s.title, s.level]), [['One', 0], ['Two', 1], ['Three', 2], ['Four', 1], ['Five', 0]]);
      const [one, two, three, four, five] = d.sections;
      assert.equal(one.end, text.indexOf('Five'));
      assert.equal(two.start, text.indexOf('Two'));
      assert.equal(two.end, text.indexOf('## Four'));
      assert.equal(three.end, text.indexOf('## Four'));
      assert.equal(four.end, text.indexOf('Five'));
      assert.equal(five.end, text.length);
      assert.deepEqual(d.paragraphs.map((p) => [p.text, p.section]), [['A', 0], ['B', 1], ['C', 2], ['D', 3]]);
    });
  });

  describe('paragraphs', () => {
    it('turns inline markup into plain text', () => {
      const text = 'Use *emph*, **bold**, _under_, snake_case, ~~gone~~, [a link](http://x.org "t") and ![img](i.png), '
        + '`spaCy`, $x^2$, <b>tags</b>, &amp; a footnote[^1] [@cite] and a [span]{.smallcaps}.';
      assert.equal(
        scanMarkdown(text).paragraphs[0].text,
        'Use emph, bold, under, snake_case, gone, a link and, spaCy,, tags, & a footnote and a span.',
      );
    });

    it('gives spans and citations of each block, list items included', () => {
      const text = 'First para\nwith two lines @a.\n\n- item one [@b]\n- item two\n\nLast.';
      const d = scanMarkdown(text);
      assert.deepEqual(d.paragraphs.map((p) => [at(text, p), keys(p.citations)]), [
        ['First para\nwith two lines @a.', ['a']],
        ['- item one [@b]\n- item two', ['b']],
        ['Last.', []],
      ]);
      assert.equal(d.paragraphs[1].text, 'item one item two');
    });

    it('reads the paper fixture', () => {
      const d = scanMarkdown(PAPER);
      assert.deepEqual(d.sections.map((s) => s.title), ['Summary', 'Statement of need', 'Details']);
      assert.deepEqual(keys(d.citations), [
        'honnibal_spacy_2020', 'hansen_lexical_2022', 'hansen_automated_2023', 'rae_scaling_2022', 'flesch_new_1948',
        'rae_scaling_2022', 'raffel.exploring:2020', 'footnote_key',
      ]);
      assert.equal(
        d.paragraphs[0].text,
        'TextDescriptives builds on the spaCy framework. It has been used for clinical texts. As show, quality matters. '
          + 'Write to john@example.com or see and the docs.',
      );
      assert.equal(d.paragraphs.length, 4);
    });
  });

  describe('unfinished input', () => {
    it('never throws on any prefix of a realistic draft', () => {
      for (let n = 0; n <= PAPER.length; n++) {
        const d = scanMarkdown(PAPER.slice(0, n));
        for (const c of d.citations) assert.ok(c.start >= 0 && c.end <= n && c.start < c.end, `[0, ${n})`);
      }
    });

    it('never throws on hostile input', () => {
      for (const text of ['[', ']', '[@', '@', '-@', '@{', '`', '```', '$', '$$', '<', '<!--', '---', '---\n', '---\ntitle:', '![', '[a](', '^[',
        '&#99999999;', '&#x110000;', '\\', '[^', '> ', '- ', '1. ', '| a |\n|--', '[@a;', '<https://', '# ', 'a\n===']) {
        assert.doesNotThrow(() => scanMarkdown(text), text);
      }
    });
  });
});

describe('markdownCiteAt', () => {
  it('gives the key range and the other keys of the bracket', () => {
    const text = '[see @doe, p. 3; @sm; @roe]';
    assert.deepEqual(markdownCiteAt(text, 19), { keyStart: 18, keyEnd: 20, existingKeys: ['doe', 'roe'] });
  });

  it('is undefined in e-mail addresses and code', () => {
    assert.equal(markdownCiteAt('mail john@ex', 12), undefined);
    assert.equal(markdownCiteAt('a `@ab` b', 5), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { citationContextAt, detectFormat, paragraphAt, scanDraft, sectionOf } from '../../../src/core/draft/scan';

/** `text` with a `|` marking the cursor -> [text, offset]. */
function cursor(marked: string): [string, number] {
  const offset = marked.indexOf('|');
  return [marked.slice(0, offset) + marked.slice(offset + 1), offset];
}

describe('scanDraft', () => {
  it('dispatches on the format', () => {
    assert.deepEqual(scanDraft('\\cite{a}', 'latex').citations.map((c) => c.key), ['a']);
    assert.deepEqual(scanDraft('[@a]', 'markdown').citations.map((c) => c.key), ['a']);
    assert.equal(scanDraft('x', 'text').format, 'text');
  });

  it('splits plain text at blank lines, without citations', () => {
    const text = '  First  para\nline two.\n \t\nSecond \\cite{x} [@y].\n\n\n';
    const d = scanDraft(text, 'text');
    assert.deepEqual(d.paragraphs.map((p) => [p.text, text.slice(p.start, p.end)]), [
      ['First para line two.', 'First  para\nline two.'],
      ['Second \\cite{x} [@y].', 'Second \\cite{x} [@y].'],
    ]);
    assert.deepEqual(d.citations, []);
  });
});

describe('detectFormat', () => {
  it('trusts the extension', () => {
    assert.equal(detectFormat('paper.tex'), 'latex');
    assert.equal(detectFormat('/a/b/Paper.LTX'), 'latex');
    assert.equal(detectFormat('x.latex'), 'latex');
    assert.equal(detectFormat('paper.md'), 'markdown');
    assert.equal(detectFormat('paper.Rmd'), 'markdown');
    assert.equal(detectFormat('paper.qmd'), 'markdown');
    assert.equal(detectFormat('notes.markdown', '\\section{x}'), 'markdown');
  });

  it('sniffs the content otherwise', () => {
    assert.equal(detectFormat('draft', '\\documentclass{article}'), 'latex');
    assert.equal(detectFormat('draft.txt', 'Some text \\citep{a}.'), 'latex');
    assert.equal(detectFormat('draft', '---\ntitle: x\n---\n\nText'), 'markdown');
    assert.equal(detectFormat('draft', '# Intro\n\nText [@a].'), 'markdown');
    assert.equal(detectFormat('draft', 'Just words.'), 'text');
    assert.equal(detectFormat('draft'), 'text');
  });
});

describe('paragraphAt', () => {
  const text = 'One.\n\nTwo \\cite{a}.\n\nThree.';
  const draft = scanDraft(text, 'latex');

  it('finds the paragraph holding an offset, ends included', () => {
    assert.equal(paragraphAt(draft, 0)?.text, 'One.');
    assert.equal(paragraphAt(draft, 4)?.text, 'One.');
    assert.equal(paragraphAt(draft, text.indexOf('cite'))?.text, 'Two.');
    assert.equal(paragraphAt(draft, text.length)?.text, 'Three.');
  });

  it('is undefined between paragraphs', () => {
    assert.equal(paragraphAt(draft, 5), undefined);
  });
});

describe('sectionOf', () => {
  it('gives the section of a paragraph, or undefined before the first heading', () => {
    const d = scanDraft('Before.\n\n# Intro\n\nInside.', 'markdown');
    assert.equal(sectionOf(d, d.paragraphs[0]), undefined);
    assert.equal(sectionOf(d, d.paragraphs[1])?.title, 'Intro');
  });
});

describe('citationContextAt', () => {
  const latex = (marked: string): ReturnType<typeof citationContextAt> => citationContextAt(...cursor(marked), 'latex');
  const md = (marked: string): ReturnType<typeof citationContextAt> => citationContextAt(...cursor(marked), 'markdown');

  describe('in LaTeX', () => {
    it('right after the opening brace', () => {
      assert.deepEqual(latex('See \\cite{|'), { prefix: '', replaceStart: 10, replaceEnd: 10, existingKeys: [] });
    });

    it('inside a key, replacing the whole key', () => {
      assert.deepEqual(latex('\\citep[p.~3]{doe, ro|b, smith}'), { prefix: 'ro', replaceStart: 18, replaceEnd: 21, existingKeys: ['doe', 'smith'] });
    });

    it('after a comma, across lines', () => {
      assert.deepEqual(latex('\\citet{a,\n  |\n}'), { prefix: '', replaceStart: 12, replaceEnd: 12, existingKeys: ['a'] });
    });

    it('in the second group of a multi-cite', () => {
      assert.deepEqual(latex('\\cites[see][]{k1}[p.~2]{k|'), { prefix: 'k', replaceStart: 24, replaceEnd: 25, existingKeys: ['k1'] });
    });

    it('is undefined in an optional argument, a comment, after the group, or outside any cite', () => {
      assert.equal(latex('\\citep[p.~|3]{a}'), undefined);
      assert.equal(latex('% \\cite{|'), undefined);
      assert.equal(latex('\\cite{a}|'), undefined);
      assert.equal(latex('\\cite{a |'), undefined);
      assert.equal(latex('\\emph{|'), undefined);
      assert.equal(latex('\\cite{a}\n\n{|'), undefined);
    });

    it('after an escaped percent sign', () => {
      assert.deepEqual(latex('5\\% \\cite{|')?.prefix, '');
    });
  });

  describe('in Markdown', () => {
    it('after [@, ; @ and -@', () => {
      assert.deepEqual(md('As [@|'), { prefix: '', replaceStart: 5, replaceEnd: 5, existingKeys: [] });
      assert.deepEqual(md('As [see @doe, p. 3; @sm|]'), { prefix: 'sm', replaceStart: 21, replaceEnd: 23, existingKeys: ['doe'] });
      assert.deepEqual(md('As [-@d|oe99] says'), { prefix: 'd', replaceStart: 6, replaceEnd: 11, existingKeys: [] });
    });

    it('for an in-text key and a braced key', () => {
      assert.deepEqual(md('As @do| says'), { prefix: 'do', replaceStart: 4, replaceEnd: 6, existingKeys: [] });
      assert.deepEqual(md('As @{a.b|'), { prefix: 'a.b', replaceStart: 5, replaceEnd: 8, existingKeys: [] });
    });

    it('is undefined in e-mail addresses, code, math, URLs and front matter', () => {
      assert.equal(md('mail john@ex|'), undefined);
      assert.equal(md('a `x @ab|` b'), undefined);
      assert.equal(md('```\n@ab|\n```'), undefined);
      assert.equal(md('math $x @ab| y$ here'), undefined);
      assert.equal(md('see https://x.org/@ab|'), undefined);
      assert.equal(md('---\ntitle: @ab|\n---\n'), undefined);
    });
  });

  it('is undefined for plain text', () => {
    assert.equal(citationContextAt('\\cite{', 6, 'text'), undefined);
  });
});

// The real drafts of the evaluation set, when present: every paragraph is prose, no
// citation key is broken, and scanning never throws.
// The benchmark sits beside the project (../shared), as in `node ../shared/eval/score.mjs`.
const EVAL = join(__dirname, '..', '..', '..', '..', 'shared', 'eval', 'drafts');
(existsSync(EVAL) ? describe : describe.skip)('scanDraft on the evaluation drafts', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(tex|md)$/.test(name)) files.push(p);
    }
  };
  if (existsSync(EVAL)) walk(EVAL);

  it('scans every file into clean paragraphs and well-formed keys', () => {
    assert.ok(files.length > 0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const d = scanDraft(text, detectFormat(file, text));
      for (const c of d.citations) {
        assert.equal(text.slice(c.start, c.end), c.key, file);
        assert.match(c.key, /^[^\s,{}%\\]+$/, file);
        assert.equal(c.incomplete, false, `${file}: ${c.key}`);
      }
      for (const p of d.paragraphs) assert.doesNotMatch(p.text, /\\(cite|ref|label|begin|end)\b|\[@/, `${file}: ${p.text}`);
    }
  });
});

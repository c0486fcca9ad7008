import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { latexCiteAt, scanLatex } from '../../../src/core/draft/latex';
import type { CitationRef } from '../../../src/core/draft/types';

const FIXTURES = resolve(__dirname, '../../fixtures/draft/paper');
const read = (f: string): string => readFileSync(join(FIXTURES, f), 'utf8');

/** The text of a span. */
const at = (text: string, s: { start: number; end: number }): string => text.slice(s.start, s.end);
const keys = (cs: CitationRef[]): string[] => cs.map((c) => c.key);

describe('scanLatex', () => {
  describe('citations', () => {
    it('finds keys split over lines after two optional arguments, with exact offsets', () => {
      const text = 'As in \\citep[p.~3][]{a,\n  b}.';
      const [a, b] = scanLatex(text).citations;
      assert.equal(at(text, a), 'a');
      assert.equal(at(text, b), 'b');
      assert.equal(a.command, 'citep');
      assert.equal(at(text, a.group), '\\citep[p.~3][]{a,\n  b}');
      assert.deepEqual(b.group, a.group);
      assert.equal(a.incomplete, false);
    });

    it('reads starred commands and optional arguments holding braces', () => {
      const text = 'See \\cite*{x} and \\parencite[{see}][{p.~3}]{y}.';
      const [x, y] = scanLatex(text).citations;
      assert.equal(at(text, x), 'x');
      assert.equal(x.command, 'cite');
      assert.equal(at(text, x.group), '\\cite*{x}');
      assert.equal(at(text, y), 'y');
      assert.equal(y.command, 'parencite');
    });

    it('allows whitespace and a newline between the parts, but not a blank line', () => {
      const text = '\\citet [a]\n {k1} and \\cite\n\n{k2}';
      assert.deepEqual(keys(scanLatex(text).citations), ['k1']);
    });

    it('knows natbib, biblatex and ACL commands', () => {
      const cmds = ['cite', 'citep', 'citet', 'citealp', 'citealt', 'citeauthor', 'citeyear', 'citeyearpar', 'Citep', 'Citet',
        'parencite', 'Parencite', 'textcite', 'Textcite', 'autocite', 'Autocite', 'footcite', 'smartcite', 'supercite',
        'nocite', 'fullcite', 'newcite'];
      const text = cmds.map((c, n) => `\\${c}{k${n}}`).join(' ');
      const found = scanLatex(text).citations;
      assert.deepEqual(keys(found), cmds.map((_, n) => `k${n}`));
      assert.deepEqual(found.map((c) => c.command), cmds);
    });

    it('reads every key group of a multi-cite command', () => {
      const text = 'x \\cites[a][b]{k1}{k2} y \\textcites(pre)(post)[p.~1]{k3}[see][]{k4} z';
      const found = scanLatex(text).citations;
      assert.deepEqual(keys(found), ['k1', 'k2', 'k3', 'k4']);
      assert.equal(at(text, found[0].group), '\\cites[a][b]{k1}{k2}');
      assert.equal(at(text, found[1]), 'k2');
      assert.equal(at(text, found[3].group), '\\textcites(pre)(post)[p.~1]{k3}[see][]{k4}');
      assert.equal(found[3].command, 'textcites');
    });

    it('ignores comments but not \\%', () => {
      const text = '5\\% not a comment \\cite{y}\n% \\cite{commented}\nend \\cite{z} % \\cite{tail}';
      const found = scanLatex(text).citations;
      assert.deepEqual(keys(found), ['y', 'z']);
      assert.equal(at(text, found[0]), 'y');
    });

    it('treats \\\\% as a line break followed by a comment', () => {
      assert.deepEqual(keys(scanLatex('a \\\\% \\cite{x}\n\\cite{y}').citations), ['y']);
    });

    it('skips a comment inside the key group', () => {
      const text = '\\cite{a, % old: c\n  b}';
      const found = scanLatex(text).citations;
      assert.deepEqual(keys(found), ['a', 'b']);
      assert.equal(at(text, found[1]), 'b');
    });

    it('ignores verbatim, lstlisting, minted and comment environments, and \\iffalse', () => {
      const text = [
        '\\begin{verbatim}\\cite{v1}\\end{verbatim}',
        '\\begin{lstlisting}[language=TeX]\n\\cite{v2}\n\\end{lstlisting}',
        '\\begin{minted}{latex}\\cite{v3}\\end{minted}',
        '\\begin{comment}\n\\cite{v4}\n\\end{comment}',
        '\\iffalse \\ifx a b \\cite{v5} \\fi \\cite{v6} \\fi',
        '\\verb|\\cite{v7}| \\cite{real}',
      ].join('\n');
      assert.deepEqual(keys(scanLatex(text).citations), ['real']);
    });

    it('reports an unclosed key group at the end of the text as incomplete', () => {
      const text = 'As shown by \\cite{ab';
      const [c] = scanLatex(text).citations;
      assert.equal(at(text, c), 'ab');
      assert.equal(c.incomplete, true);
      assert.equal(at(text, c.group), '\\cite{ab');
    });

    it('ends an unclosed key group at a blank line', () => {
      const text = 'A \\cite{ab\n\nNext paragraph \\cite{cd}.';
      const found = scanLatex(text).citations;
      assert.deepEqual(found.map((c) => [c.key, c.incomplete]), [['ab', true], ['cd', false]]);
      assert.equal(scanLatex(text).paragraphs.length, 2);
    });

    it('ends an unclosed key group at text that cannot be a key, and keeps that text', () => {
      const text = 'A \\cite{ab and more words.';
      const d = scanLatex(text);
      assert.deepEqual(d.citations.map((c) => [c.key, c.incomplete]), [['ab', true]]);
      assert.equal(d.paragraphs[0].text, 'A and more words.');
    });

    it('after a trailing comma reports the finished keys only', () => {
      const found = scanLatex('\\cite{a,').citations;
      assert.deepEqual(found.map((c) => [c.key, c.incomplete]), [['a', false]]);
      assert.deepEqual(keys(scanLatex('\\cite{a, b').citations), ['a', 'b']);
    });

    it('does not report \\nocite{*} as a key', () => {
      assert.deepEqual(keys(scanLatex('\\nocite{*}\\nocite{extra}').citations), ['extra']);
    });

    it('ignores everything after \\end{document}', () => {
      assert.deepEqual(keys(scanLatex('\\begin{document}\\cite{a}\\end{document}\\cite{b}').citations), ['a']);
    });
  });

  describe('bibliographies and includes', () => {
    it('lists bibliographies as written', () => {
      const d = scanLatex('\\bibliography{refs, other/more}\n\\addbibresource{x.bib}\\addbibresource[location=remote]{y.bib}\n% \\bibliography{no}');
      assert.deepEqual(d.bibliographies, ['refs', 'other/more', 'x.bib', 'y.bib']);
    });

    it('lists \\input, \\include, \\subfile and \\import as written', () => {
      const d = scanLatex('\\input{sections/intro}\\include{chap1}\\subfile{a.tex}\\import{dir/}{f}\\subimport{d}{g}\n\\input plain.tex\n% \\input{no}');
      assert.deepEqual(d.includes, ['sections/intro', 'chap1', 'a.tex', 'dir/f', 'd/g', 'plain.tex']);
    });
  });

  describe('title and abstract', () => {
    it('reads them as plain text, from the preamble or the body', () => {
      const d = scanLatex('\\documentclass{article}\n\\title[Short]{A \\emph{Nice}\\\\ Title\\thanks{Funded.}}\n\\begin{document}\n\\begin{abstract}\nWe do {\\\'e}t\\"o and $x^2$ things~\\cite{q}.\n\\end{abstract}\nBody.\n\\end{document}');
      assert.equal(d.title, 'A Nice Title');
      assert.equal(d.abstract, 'We do étö and things.');
      assert.deepEqual(keys(d.citations), ['q']);
    });

    it('keeps abstract paragraphs as paragraphs of their own', () => {
      const d = scanLatex('Intro text.\n\\begin{abstract}\nAbstract text.\n\\end{abstract}\nAfter.');
      assert.deepEqual(d.paragraphs.map((p) => p.text), ['Intro text.', 'Abstract text.', 'After.']);
    });
  });

  describe('sections', () => {
    it('reads levels, starred forms, short titles and spans', () => {
      const text = '\\chapter{One}\nA\n\\section*{Intro}\\label{s}\nB\n\\subsection[Short]{Long \\emph{title}}\nC\n\\section{Two}\nD\n\\paragraph{Note.} E';
      const d = scanLatex(text);
      assert.deepEqual(d.sections.map((s) => [s.title, s.level]), [['One', 1], ['Intro', 2], ['Long title', 3], ['Two', 2], ['Note.', 5]]);
      const [one, intro, sub, two, note] = d.sections;
      assert.equal(one.end, text.length);
      assert.equal(intro.start, text.indexOf('\\section*'));
      assert.equal(intro.end, text.indexOf('\\section{Two}'));
      assert.equal(sub.end, text.indexOf('\\section{Two}'));
      assert.equal(two.end, text.length);
      assert.equal(note.end, text.length);
    });

    it('survives an unclosed title', () => {
      const d = scanLatex('\\section{Intro\n\nText here.');
      assert.equal(d.sections[0].title, 'Intro');
      assert.deepEqual(d.paragraphs.map((p) => [p.text, p.section]), [['Text here.', 0]]);
    });
  });

  describe('paragraphs', () => {
    it('splits at blank lines, skips the preamble, and gives each paragraph its section and citations', () => {
      const text = '\\documentclass{article}\nPreamble junk.\n\\begin{document}\nFirst \\cite{a}.\n\n\\section{S}\nSecond\nline \\citet{b}.\n\\end{document}';
      const d = scanLatex(text);
      assert.deepEqual(d.paragraphs.map((p) => [p.text, p.section, keys(p.citations)]), [['First.', -1, ['a']], ['Second line.', 0, ['b']]]);
      assert.equal(at(text, d.paragraphs[0]), 'First \\cite{a}.');
      assert.equal(at(text, d.paragraphs[1]), 'Second\nline \\citet{b}.');
    });

    it('treats comment-only lines as transparent (a blank line must be truly blank)', () => {
      const d = scanLatex('One line\n% commented out\ncontinues.\n   % also\n\nNext.');
      assert.deepEqual(d.paragraphs.map((p) => p.text), ['One line continues.', 'Next.']);
    });

    it('excludes figure, table, tabular, algorithm and equation blocks, and display math', () => {
      const text = [
        '\\begin{figure}[t]\\centering\\includegraphics{x}\\caption{Cap \\cite{c1}.}\\end{figure}',
        '\\begin{table}\\begin{tabular}{ll} a & b \\\\ \\end{tabular}\\end{table}',
        '\\begin{algorithm}\\caption{Alg}\\end{algorithm}',
        '\\begin{equation}\n x = y \n\\end{equation}',
        '\\[ x + y \\]',
        'Prose with $x$ and \\begin{align} a &= b \\end{align} more prose.',
      ].join('\n\n');
      const d = scanLatex(text);
      assert.deepEqual(d.paragraphs.map((p) => p.text), ['Prose with and more prose.']);
      assert.deepEqual(keys(d.citations), ['c1']);
      assert.deepEqual(d.paragraphs[0].citations, []);
    });

    it('turns markup into plain text', () => {
      const text = 'We use \\emph{x}, \\textbf{y} and \\textsc{BERT}---see Fig.~\\ref{f}\\label{l} at \\url{http://a.b/%7E} or \\href{http://c.d}{the site}. '
        + 'It costs 5\\% \\& more -- really.\\footnote{A note \\citep{n}.} '
        + 'Inline $a^2$ and \\(b\\) math; \\"o, {\\\'e}, \\c{c}, \\"{\\i}, \\ss{} and ``quotes\'\'. \\textcolor{red}{Red} \\verb|code|.';
      const [p] = scanLatex(text).paragraphs;
      assert.equal(
        p.text,
        'We use x, y and BERT—see Fig. at or the site. It costs 5% & more – really. A note. Inline and math; ö, é, ç, ï, ß and “quotes”. Red code.',
      );
      assert.deepEqual(keys(p.citations), ['n']);
    });

    it('expands zero-argument macros and shares them through options.macros', () => {
      const macros = new Map<string, string>();
      const root = scanLatex('\\newcommand{\\ilm}{\\textsc{ILM}}\\def\\lm{LM}\\newcommand{\\arg}[1]{#1!}\\begin{document}\\ilm{} beats \\lm.\\end{document}', { macros });
      assert.equal(root.paragraphs[0].text, 'ILM beats LM.');
      assert.deepEqual([...macros.keys()], ['ilm', 'lm']);
      assert.equal(scanLatex('Our \\ilm{} model.', { macros }).paragraphs[0].text, 'Our ILM model.');
    });
  });

  describe('the paper fixture', () => {
    const macros = new Map<string, string>();
    const main = scanLatex(read('main.tex'), { macros });
    const introText = read('sections/intro.tex');
    const intro = scanLatex(introText, { macros });
    const related = scanLatex(read('sections/related.tex'), { macros });

    it('reads the root file', () => {
      assert.equal(main.title, 'Filling in the Blanks with ILM');
      assert.equal(main.abstract, 'We present ILM, a simple approach for text infilling. It works with any LM.');
      assert.deepEqual(main.sections.map((s) => s.title), ['Introduction', 'Related Work', 'Acknowledgments']);
      assert.deepEqual(main.includes, ['sections/intro', 'sections/related.tex']);
      assert.deepEqual(main.bibliographies, ['refs', 'extra']);
      assert.deepEqual(keys(main.citations), ['donahue2020enabling']);
      assert.deepEqual(main.paragraphs.map((p) => p.text), [main.abstract, 'We thank the reviewers.']);
    });

    it('reads a section file: figure excluded, footnote kept, comment ignored', () => {
      assert.deepEqual(keys(intro.citations), ['figure-only', 'taylor1953cloze', 'shih2019xl', 'radford2019language', 'devlin2019bert', 'zhu2019text', 'Muller2019']);
      assert.deepEqual(intro.paragraphs.map((p) => p.text), [
        'Text infilling is the task of predicting missing spans of text. Language models such as GPT-2 only look left. We use “left” for the past. Masked models like BERT need a fixed span length.',
        'propose a specialised architecture; costs are 5% higher. We write for the masked text and use a priori knowledge from.',
      ]);
      assert.ok(introText.slice(intro.paragraphs[0].start).startsWith('Text infilling'));
      assert.ok(introText.slice(0, intro.paragraphs[1].end).endsWith('\\textcite{Muller2019}.'));
    });

    it('reads multi-cites and skips verbatim and tables in paragraphs', () => {
      assert.deepEqual(related.sections.map((s) => [s.title, s.level]), [['Methodology.', 5]]);
      assert.deepEqual(keys(related.citations), ['fedus2018maskgan', 'devlin2019bert', 'yang2019xlnet', 'joshi2019spanbert', 'raffel2019exploring', 'in-table']);
      assert.deepEqual(related.paragraphs.map((p) => p.text), ['Many systems infill fixed-length spans. See also and.']);
    });
  });

  describe('unfinished input', () => {
    it('never throws on any prefix of a realistic draft', () => {
      for (const file of ['main.tex', 'sections/intro.tex', 'sections/related.tex']) {
        const text = read(file);
        for (let n = 0; n <= text.length; n++) {
          const d = scanLatex(text.slice(0, n));
          for (const c of d.citations) assert.ok(c.start >= 0 && c.end <= n && c.start < c.end, `${file}[0, ${n})`);
        }
      }
    });

    it('never throws on hostile input', () => {
      for (const text of ['\\', '{', '}}}', '$', '$$', '\\(', '\\[', '\\begin', '\\begin{', '\\begin{verbatim}', '\\end{x}', '\\cite', '\\cite[',
        '\\cite[{', '\\cites{a}[', '\\section', '\\section{', '\\title{', '\\newcommand', '\\newcommand{\\x}', '\\def\\x', '\\verb', '\\verb|x',
        '\\\'', '\\c', '\\iffalse', '%', '\\input', '\\import{a}', '\\footnote{', '\\begin{abstract}x', '\\"{\\i']) {
        assert.doesNotThrow(() => scanLatex(text), text);
      }
    });
  });
});

describe('latexCiteAt', () => {
  it('gives the key range and the other keys of the command', () => {
    const text = '\\citep[p.~3]{doe, ro, smith}';
    assert.deepEqual(latexCiteAt(text, 20), { keyStart: 18, keyEnd: 20, existingKeys: ['doe', 'smith'] });
  });

  it('is undefined inside an optional argument and after the group', () => {
    assert.equal(latexCiteAt('\\citep[p.~3', 11), undefined);
    assert.equal(latexCiteAt('\\cite{a} ', 9), undefined);
  });
});

// Regressions of the .bib reading defects found against biber, pybtex and bibtexparser on real
// bibliographies: each `describe` names one defect class, with a minimal example of it.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Library } from '../../../src/core/library';
import type { LoadResult } from '../../../src/core/model';
import { parseBibtex } from '../../../src/core/sources/bibtex';
import { latexToText } from '../../../src/core/sources/bibtex/latex';
import { loadSourceFile } from '../../../src/core/sources/load';

const titleOf = (value: string) => parseBibtex(`@article{k, title = {${value}}}`, 't.bib').records[0]?.title;
const authorsOf = (value: string) => parseBibtex(`@article{k, author = {${value}}}`, 't.bib').records[0]?.authors;
const warnings = (r: LoadResult) => r.errors.map((e) => `${e.line}: ${e.message}`);

describe('.bib reading defects', () => {
  describe('entries after a broken one whose type has _ : + - (Mendeley / Zotero exports) are dropped', () => {
    it('recovery resumes at @web_page{, @newspaper_article{ and @magazine_article{', () => {
      const text = [
        '@article{broken, title = {never closed',
        '@web_page{page, title = {A web page}}',
        '@article{broken2, title = "unclosed quote',
        '@newspaper_article{news, title = {A newspaper article}}',
        '@magazine_article{mag, title = {A magazine article}, journal = {M}}',
        '',
      ].join('\n');
      const r = parseBibtex(text, 'm.bib');
      assert.deepEqual(r.records.map((x) => x.key), ['page', 'news', 'mag']);
      assert.deepEqual(r.errors.map((e) => e.line), [1, 3], 'each broken entry is a located error');
    });
  });

  describe('files with CR-only line ends (old Mac exports) lose everything after a % comment', () => {
    it('reads every entry and counts lines as an editor does', () => {
      const text = ['% exported by an old Mac program', '@article{a, title = {First}}', '% another comment', '@article{b,', ' title = {Second}', '}', '@article{c, title = {Third}'].join('\r');
      const r = parseBibtex(text, 'mac.bib');
      assert.deepEqual(r.records.map((x) => [x.key, x.origin.line]), [['a', 2], ['b', 4]]);
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0]!.line, 7);
    });

    it('CRLF and mixed line ends count lines alike', () => {
      const r = parseBibtex('@article{a, title={A}}\r\n\r\n@article{b, title={B}}\r@article{c, title={C}}\n', 'x.bib');
      assert.deepEqual(r.records.map((x) => x.origin.line), [1, 3, 4]);
    });
  });

  describe('a space after {\\cmd} inside an outer group is lost', () => {
    it('keeps the space after a braced command and after a logo', () => {
      assert.equal(titleOf('{{\\LaTeX} course book}'), 'LaTeX course book');
      assert.equal(titleOf('{The Indian {\\TeX} Users Group}'), 'The Indian TeX Users Group');
      assert.equal(titleOf('\\TeX{} and \\LaTeX\\ users'), 'TeX and LaTeX users');
    });
  });

  describe('maths comes out as command names', () => {
    it('maps maths symbols to Unicode and keeps the spacing', () => {
      assert.equal(titleOf('A $\\pm$ B, 3$\\times$3, $a \\cdot b$'), 'A ± B, 3×3, a · b');
      assert.equal(titleOf('$x \\leq y$, $f\\circ g$, $\\langle x, y\\rangle$, $\\sqrt{n}$'), 'x ≤ y, f∘g, ⟨x, y⟩, √n');
      assert.equal(titleOf('$\\mathrm{GL}_2$ in $O(n^2 \\log n)$ time'), 'GL₂ in O(n² log n) time');
      assert.equal(titleOf('$\\ell_1$-regularised, \\(\\alpha\\)-stable, $\\infty$'), 'ℓ₁-regularised, α-stable, ∞');
    });
  });

  describe('\\aa and the other text-mode specials in author names', () => {
    it('decodes names as titles are decoded', () => {
      assert.deepEqual(authorsOf('M{\\aa}rtensson, Anders and {\\AA}kerman, Bo and Kristoffer S{\\o}rensen and {\\O}stergaard, P.'), [
        'Anders Mårtensson',
        'Bo Åkerman',
        'Kristoffer Sørensen',
        'P. Østergaard',
      ]);
      assert.deepEqual(authorsOf('{\\AE}lfric Grammaticus and Gau{\\ss}, C. F. and {\\L}ukasz Kaiser and S{\\l}awomir {\\i}lker and {\\oe}uvre, Anne'), [
        'Ælfric Grammaticus',
        'C. F. Gauß',
        'Łukasz Kaiser',
        'Sławomir ılker',
        'Anne œuvre',
      ]);
      assert.equal(titleOf('M{\\aa}rtensson'), authorsOf('M{\\aa}rtensson')![0], 'one decoder for every field');
    });

    it('splits names by BibTeX rules: von parts, Jr, braced groups, an escaped blank', () => {
      assert.deepEqual(authorsOf('Christina A. L.\\ Thiele'), ['Christina A. L. Thiele']);
      assert.deepEqual(parseBibtex('@article{k, author = {Van der Maaten, Laurens}}', 'k.bib').records[0]!.authorParts, [{ family: 'Maaten', given: 'Laurens', particle: 'Van der' }]);
      assert.equal(parseBibtex('@article{k, author = {Christina A. L.\\ Thiele}}', 'k.bib').records[0]!.authorParts![0]!.family, 'Thiele');
      assert.deepEqual(authorsOf('Ludwig van Beethoven and van der Berg, Jan and Ford, Jr., Henry and {Barnes and Noble} and {\\\'E}mile Zola and de la Fontaine, Jean'), [
        'Ludwig van Beethoven',
        'Jan van der Berg',
        'Henry Ford Jr.',
        'Barnes and Noble',
        'Émile Zola',
        'Jean de la Fontaine',
      ]);
    });
  });

  describe('an accent on an empty group inserts "undefined"', () => {
    it('prints the accent alone, as TeX does; an acute with no argument at all is an apostrophe', () => {
      assert.equal(titleOf("Caf\\'{} and \\={} and A. d{\\'}Aspremont"), "Caf´ and ¯ and A. d'Aspremont");
      assert.doesNotMatch(titleOf('\\"{} \\^{} \\~{} \\v{}')!, /undefined/);
    });
  });

  describe('command names leak into text', () => {
    it('keeps the argument of unknown commands, drops argument-less ones, keeps the spacing TeX keeps', () => {
      assert.equal(titleOf('The \\acro{DVI} driver'), 'The DVI driver');
      assert.equal(titleOf('\\PS{} graphics on \\VAX\\slash VMS and \\SGML'), 'PostScript graphics on VAX/VMS and SGML');
      assert.equal(titleOf('Obituary{\\Dash}{Yuri Melnichuk}'), 'Obituary — Yuri Melnichuk');
      assert.equal(titleOf('The {USENET} Cookbook\\emdash{}an Experiment'), 'The USENET Cookbook—an Experiment');
      assert.equal(titleOf('methodology\\hyphen independent'), 'methodology-independent');
      assert.equal(titleOf('a\\kern1pt b \\relax c \\protect\\foo d'), 'ab c d');
      assert.equal(titleOf('\\foreignlanguage{french}{Le texte} and \\noopsort{a}Zed'), 'Le texte and Zed');
      assert.equal(titleOf('\\hbox{one} \\mbox{two} \\emph[x]{three} \\textsc{four} {\\em five}'), 'one two three four five');
      assert.equal(titleOf('\\href{https://x.org}{link text} \\texorpdfstring{$\\alpha$}{alpha}'), 'link text alpha');
    });
  });

  describe('silent problems that deserve one warning each', () => {
    it('an undefined @string macro: one warning per macro, at its first use', () => {
      const r = parseBibtex('@article{a, journal = or, title = {A}}\n@article{b, journal = or # { X}, publisher = nowhere}\n', 'u.bib');
      assert.equal(r.records.length, 2);
      assert.equal(r.records[1]!.venue, 'X');
      assert.deepEqual(warnings(r), [
        '1: undefined @string macro "or" in field "journal" of entry "a": read as empty (define it with @string, or brace the value: {or})',
        '2: undefined @string macro "nowhere" in field "publisher" of entry "b": read as empty (define it with @string, or brace the value: {nowhere})',
      ]);
    });

    it('@strings are shared by the .bib files of one bibliography, in order', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-strings-'));
      const abbrev = path.join(dir, 'abbrev.bib');
      const refs = path.join(dir, 'refs.bib');
      fs.writeFileSync(abbrev, '@string{tacl = "Transactions of the ACL"}\n');
      fs.writeFileSync(refs, '@article{a, title = {A}, journal = tacl}\n');
      const open = (files: string[]) => Library.open({ sources: files.map((file) => ({ file, role: 'bibliography' as const })) });
      const inOrder = await open([abbrev, refs]);
      assert.equal(inOrder.bibliographyRecords()[0]!.venue, 'Transactions of the ACL');
      assert.deepEqual(inOrder.errors, []);
      // BibTeX reads in order: a macro defined after its use is undefined there.
      const reversed = await open([refs, abbrev]);
      assert.equal(reversed.bibliographyRecords()[0]!.venue, undefined);
      assert.match(reversed.errors[0]!.message, /undefined @string macro "tacl"/);
      // A change of the macro reaches the file that uses it.
      fs.writeFileSync(abbrev, '@string{tacl = "TACL"}\n');
      await inOrder.reload(abbrev);
      assert.equal(inOrder.bibliographyRecords()[0]!.venue, 'TACL');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('a Latin-1 file is read as Windows-1252, with one warning at its first non-UTF-8 line', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-latin1-'));
      const file = path.join(dir, 'latin1.bib');
      fs.writeFileSync(file, Buffer.from('@article{a,\n  title = {Plain},\n  author = {Lo\xefc Barrault and Fran\xe7ois Yvon}\n}\n', 'latin1'));
      const r = await loadSourceFile(file);
      assert.deepEqual(r.records[0]!.authors, ['Loïc Barrault', 'François Yvon']);
      assert.deepEqual(warnings(r), ['3: the file is not UTF-8: read as Windows-1252 (Latin-1); save it as UTF-8 to be sure of its accents']);
      fs.writeFileSync(file, '@article{a, author = {Loïc Barrault}}\n');
      assert.deepEqual((await loadSourceFile(file)).errors, [], 'UTF-8 says nothing');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('a NUL or other control character in a field is removed, with a warning', () => {
      const r = parseBibtex('@article{a,\n  title = {Broken\x00 export\x1b[2J},\n  note = {fine}\n}\n', 'c.bib');
      assert.equal(r.records[0]!.title, 'Broken export[2J');
      assert.deepEqual(warnings(r), ['2: control characters U+0000, U+001B in field "title" of entry "a": removed']);
    });

    it('keys that differ only in case: a warning naming both', () => {
      const r = parseBibtex('@article{Smith2020, title={A}}\n@article{smith2020, title={B}}\n', 'k.bib');
      assert.equal(r.records.length, 2);
      assert.deepEqual(warnings(r), ['2: key "smith2020" differs only in case from "Smith2020" (line 1): BibTeX reads them as one entry; cite one spelling']);
    });
  });
});

describe('latexToText', () => {
  it('composes accents, the dotless i included, and keeps TeX ligatures', () => {
    assert.equal(latexToText("\\'{\\i}\\\"\\i \\c{c}\\v{S}koda \\H{o} \\k{a} \\r{u} \\u{g} \\d{s}"), 'íïçŠkoda ő ą ů ğ ṣ');
    assert.equal(latexToText("``quoted'' -- and --- ~x 5\\% \\& \\$"), '“quoted” – and —  x 5% & $');
  });

  it('a letter command eats the blank after it, as TeX does; a word keeps it', () => {
    assert.equal(latexToText('Stra\\ss e \\o re'), 'Straße øre');
    assert.equal(latexToText('\\TeX users'), 'TeX users');
  });

  it('never throws on unbalanced input', () => {
    for (const bad of ['{', '}', '$', '\\', '\\frac{', '$x^', '{\\em', '\\(x', '\\kern', '\\\'']) assert.equal(typeof latexToText(bad), 'string');
  });
});

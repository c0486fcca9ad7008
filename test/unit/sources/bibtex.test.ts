import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadResult, PaperRecord } from '../../../src/core/model';
import { parseBibtex } from '../../../src/core/sources/bibtex';

const FIXTURES = resolve(__dirname, '../../fixtures/sources');
const REFS = readFileSync(join(FIXTURES, 'refs.bib'), 'utf8');

function byKey(result: LoadResult, key: string): PaperRecord {
  const record = result.records.find((r) => r.key === key);
  assert.ok(record, `no record "${key}" among ${result.records.map((r) => r.key).join(', ')}`);
  return record;
}

/** [line, message] pairs, for exact comparisons of located errors. */
function located(result: LoadResult): [number | undefined, string][] {
  return result.errors.map((e) => [e.line, e.message]);
}

describe('parseBibtex', () => {
  describe('the refs.bib fixture', () => {
    const result = parseBibtex(REFS, 'refs.bib');

    it('keeps every good entry, in file order, and reports the broken one and the duplicate key', () => {
      assert.deepEqual(
        result.records.map((r) => r.key),
        ['acl2020', 'gururangan-etal-2020-dont', 'Muller2019', 'hu2021lora', 'vaswani2017attention', 'radford2019', 'untitled-report'],
      );
      assert.deepEqual(result.errors, [
        {
          file: 'refs.bib',
          line: 38,
          message:
            'unbalanced braces in entry "broken2021": the "{" opening field "title" is not closed before the next entry (line 44)',
          key: 'broken2021',
        },
        {
          file: 'refs.bib',
          line: 70,
          message: 'duplicate key "Muller2019" (first defined at line 26); this entry is ignored',
          severity: 'warning',
        },
      ]);
    });

    it('gives each record its key as id, the line of its "@", and marks it as the user\'s', () => {
      const lines = Object.fromEntries(result.records.map((r) => [r.id, r.origin.line]));
      assert.deepEqual(lines, {
        acl2020: 8,
        'gururangan-etal-2020-dont': 16,
        Muller2019: 26,
        hu2021lora: 44,
        vaswani2017attention: 54,
        radford2019: 63,
        'untitled-report': 75,
      });
      for (const r of result.records) {
        assert.equal(r.id, r.key);
        assert.equal(r.origin.kind, 'bibtex');
        assert.equal(r.origin.file, 'refs.bib');
        assert.equal(r.inBibliography, true);
      }
    });

    it('decodes accents, commands, ligatures and braces; expands @string macros and # concatenation', () => {
      const muller = byKey(result, 'Muller2019');
      assert.equal(muller.title, "BERT for Low-Resource Languages – a Survey of Österreich's Dialects");
      assert.deepEqual(muller.authors, ['Jörg Müller', 'José García', 'Jan van der Berg']);
      assert.equal(muller.venue, 'Transactions of the Association for Computational Linguistics (TACL)');
      assert.equal(muller.year, 2019);
      assert.equal(muller.type, 'article');
      assert.equal(
        muller.abstract,
        'We survey methods for low-resource languages, from Český to Français, and find that 3–5% of them work.',
      );
      assert.equal(muller.doi, '10.1162/tacl_a_00276', 'lower-case, without the https://doi.org/ prefix');
    });

    it('inherits booktitle (from the parent title) and year through crossref, but not the parent DOI', () => {
      const child = byKey(result, 'gururangan-etal-2020-dont');
      assert.equal(child.title, "Don't Stop Pretraining: Adapt Language Models to Domains and Tasks");
      assert.equal(child.venue, 'Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics');
      assert.equal(child.year, 2020);
      assert.equal(child.doi, '10.18653/v1/2020.acl-main.740');
      assert.equal(child.url, 'https://aclanthology.org/2020.acl-main.740');
      assert.deepEqual(child.authors, [
        'Suchin Gururangan', 'Ana Marasović', 'Swabha Swayamdipta', 'Kyle Lo', 'Iz Beltagy', 'Doug Downey', 'Noah A. Smith',
      ]);
    });

    it('reads BibLaTeX date, journaltitle and eprint/eprinttype, dropping the arXiv version', () => {
      const lora = byKey(result, 'hu2021lora');
      assert.equal(lora.title, 'LoRA: Low-Rank Adaptation of Large Language Models');
      assert.equal(lora.year, 2021);
      assert.equal(lora.venue, 'CoRR');
      assert.equal(lora.arxiv, '2106.09685');
      assert.equal(lora.type, 'online');
    });

    it('finds arXiv ids in eprint + archivePrefix, in "arXiv preprint" journals and in arxiv.org URLs', () => {
      assert.equal(byKey(result, 'vaswani2017attention').arxiv, '1706.03762');
      assert.deepEqual(byKey(result, 'vaswani2017attention').authors, ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
      const radford = byKey(result, 'radford2019');
      assert.equal(radford.arxiv, '1901.00001');
      assert.equal(radford.venue, 'arXiv preprint arXiv:1901.00001');
      assert.equal(byKey(result, 'untitled-report').arxiv, 'cs/0112017');
    });

    it('keeps an entry without a title, with title "" and a braced corporate author', () => {
      const report = byKey(result, 'untitled-report');
      assert.equal(report.title, '');
      assert.deepEqual(report.authors, ['Google Research']);
      assert.equal(report.venue, 'Google');
      assert.equal(report.type, 'techreport');
    });

    it('keeps the first of two entries with the same key', () => {
      assert.equal(byKey(result, 'Muller2019').year, 2019);
      assert.equal(result.records.filter((r) => r.key === 'Muller2019').length, 1);
    });
  });

  describe('one bad entry costs only that entry', () => {
    const around = (bad: string) => `@misc{before, title = {Before}}\n${bad}\n@misc{after, title = {After}}\n`;

    it('a missing comma between fields: error at the field that follows, neighbours kept', () => {
      const result = parseBibtex(around('@article{bad,\n  title = {T}\n  year = 2020,\n}'), 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['before', 'after']);
      assert.deepEqual(located(result), [
        [4, 'syntax error after field "title" in entry "bad": expected "," or "}", found "year = 2020,"'],
      ]);
    });

    it('a field without "="', () => {
      const result = parseBibtex(around('@article{bad,\n  title {T},\n}'), 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['before', 'after']);
      assert.deepEqual(located(result), [[3, 'syntax error after field "title" in entry "bad": expected "=", found "{T},"']]);
    });

    it('an unclosed quoted value', () => {
      const result = parseBibtex(around('@article{bad,\n  title = "Unclosed,\n  year = 2020,\n}'), 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['before', 'after']);
      assert.deepEqual(located(result), [
        [3, 'unbalanced braces in entry "bad": the quote opening field "title" is never closed (its value runs on into the fields after it)'],
      ]);
    });

    it('an entry whose last brace is missing: error at its "@"', () => {
      const result = parseBibtex(around('@article{bad,\n  title = {T},\n  year = 2020,\n'), 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['before', 'after']);
      assert.deepEqual(located(result), [[2, 'unbalanced braces in entry "bad": missing "}" before the next entry (line 6)']]);
    });

    it('a value whose "{" is never closed swallows the next fields: error at that field', () => {
      const result = parseBibtex(around('@article{bad,\n  title = {An {Unclosed Title},\n  year = 2020,\n}'), 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['before', 'after']);
      assert.deepEqual(located(result), [
        [3, 'unbalanced braces in entry "bad": field "title" has an unclosed "{" (its value runs on into the fields after it)'],
      ]);
    });

    it('an entry without a key', () => {
      const result = parseBibtex(around('@article{\n  title = {T},\n}'), 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['before', 'after']);
      assert.deepEqual(located(result), [[2, '@article entry without a key']]);
    });

    it('a truncated file: the last entry is reported at its line, the others are kept', () => {
      const result = parseBibtex('@misc{a, title = {A}}\n@misc{b,\n  title = {B', 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['a']);
      assert.deepEqual(located(result), [[3, 'unbalanced braces in entry "b": the "{" opening field "title" is never closed']]);
    });

    it('an extra "}" that closes an entry early: the entry is kept and the orphaned fields reported', () => {
      const result = parseBibtex('@misc{a,\n  title = {A}},\n  year = 2020,\n}\n@misc{b, title = {B}}', 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['a', 'b']);
      assert.equal(result.records[0].year, undefined);
      assert.deepEqual(result.errors.map((e) => [e.line, e.severity]), [[2, 'warning']]);
      assert.match(result.errors[0].message, /^text after the end of entry "a" looks like more fields/);
    });

    it('reports a warning, not an error, for what BibTeX itself accepts', () => {
      const dup = parseBibtex('@misc{a, title = {A}}\n@misc{a, title = {B}}', 'x.bib');
      assert.deepEqual(dup.errors.map((e) => [e.line, e.severity]), [[2, 'warning']]);
      const broken = parseBibtex('@misc{a, title = {A}\n@misc{b, title = {B}}', 'x.bib');
      assert.deepEqual(broken.errors.map((e) => [e.line, e.severity]), [[1, undefined]]);
    });

    it('reports several bad entries, each at its own line, in line order', () => {
      const text = [
        '@misc{ok1, title = {One}}',
        '@misc{bad1, title = {x} year = 1}',
        '@misc{ok2, title = {Two}}',
        '@misc{bad2 title = {x}}',
        '@misc{ok3, title = {Three}}',
      ].join('\n');
      const result = parseBibtex(text, 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['ok1', 'ok2', 'ok3']);
      assert.deepEqual(result.errors.map((e) => e.line), [2, 4]);
    });
  });

  describe('syntax details', () => {
    it('counts lines the same with CRLF line ends', () => {
      const result = parseBibtex('% c\r\n\r\n@misc{a,\r\n title = {A}\r\n}\r\n@misc{b, title = {B}}\r\n', 'x.bib');
      assert.deepEqual(result.records.map((r) => [r.key, r.origin.line, r.title]), [['a', 3, 'A'], ['b', 6, 'B']]);
    });

    it('skips @comment (also multi-line), @preamble, @string and entries commented out with %', () => {
      const text = '@Comment{x = {\n @misc{inside, title={No}}\n}}\n@preamble{"\\def\\x{}"}\n% @misc{off, title = {Off}}\n@misc{on, title = {On}}';
      const result = parseBibtex(text, 'x.bib');
      assert.deepEqual(result.records.map((r) => r.key), ['on']);
      assert.deepEqual(result.errors, []);
    });

    it('treats macro names case-insensitively, knows the month macros, and expands numbers and concatenations', () => {
      const text = '@STRING{Conf = {Conference}}\n@misc{a, title = "Paper at " # conf # { } # 2020, year = 2020, month = jan}';
      const result = parseBibtex(text, 'x.bib');
      assert.equal(result.records[0].title, 'Paper at Conference 2020');
      assert.equal(result.records[0].year, 2020);
    });

    it('accepts an entry without fields and keeps the first of repeated fields', () => {
      const result = parseBibtex('@misc{empty}\n@misc{rep, title = {First}, title = {Second}}', 'x.bib');
      assert.deepEqual(result.records.map((r) => [r.key, r.title]), [['empty', ''], ['rep', 'First']]);
    });

    it('decodes names with "von" parts, suffixes, and braced " and "', () => {
      const result = parseBibtex(
        '@misc{a, author = {de la Fontaine, Jean and King, Jr., Martin Luther and {Barnes and Noble} and Dvo{\\v{r}}{\\\'a}k, Anton{\\\'\\i}n and others}}',
        'x.bib',
      );
      assert.deepEqual(result.records[0].authors, [
        'Jean de la Fontaine', 'Martin Luther King Jr.', 'Barnes and Noble', 'Antonín Dvořák',
      ]);
    });

    it('turns formatting commands, math and TeX quotes into plain text', () => {
      const result = parseBibtex(
        '@misc{a, title = {\\textit{Italic}, {\\bf bold}, \\textsc{Caps}, H$_2$O, ``quoted\'\', 5\\,\\% and \\LaTeX\\ \\url{http://x.org}}}',
        'x.bib',
      );
      assert.equal(result.records[0].title, 'Italic, bold, Caps, H₂O, “quoted”, 5 % and LaTeX http://x.org');
    });

    it('reads a DOI written with LaTeX escapes and a DOI-only URL', () => {
      const result = parseBibtex(
        '@misc{a, title = {A}, doi = {10.1000/ABC\\_def}}\n@misc{b, title = {B}, url = {https://doi.org/10.1000/XYZ}}',
        'x.bib',
      );
      assert.deepEqual(result.records.map((r) => r.doi), ['10.1000/abc_def', '10.1000/xyz']);
    });

    it('takes the venue from publisher-like fields for reports and theses, and a URL from howpublished', () => {
      const result = parseBibtex(
        '@phdthesis{t, title = {T}, school = {Universit{\\"a}t Wien}}\n@misc{m, title = {M}, howpublished = {\\url{https://example.org/m}}}',
        'x.bib',
      );
      assert.equal(result.records[0].venue, 'Universität Wien');
      assert.equal(result.records[1].venue, undefined);
      assert.equal(result.records[1].url, 'https://example.org/m');
    });
  });

  describe('never throws', () => {
    it('on every truncation of the fixture', () => {
      for (let end = 0; end <= REFS.length; end += 3) {
        const result = parseBibtex(REFS.slice(0, end), 'cut.bib');
        for (const e of result.errors) {
          assert.equal(e.file, 'cut.bib');
          assert.ok(e.line === undefined || (e.line >= 1 && e.line <= 90), `line ${e.line} at cut ${end}`);
        }
      }
    });

    it('on garbage', () => {
      let seed = 7;
      const rnd = (k: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
        return seed % k;
      };
      const alphabet = '@{}()"#=,%\\$~ \n\tabc123ä';
      for (let round = 0; round < 300; round++) {
        let text = '';
        for (let i = rnd(200); i > 0; i--) text += alphabet[rnd(alphabet.length)];
        const result = parseBibtex(text, 'g.bib');
        assert.ok(Array.isArray(result.records) && Array.isArray(result.errors));
      }
      // Shuffled pieces of real entries.
      const pieces = REFS.split(/(?<=[,{}\n])/);
      for (let round = 0; round < 100; round++) {
        const text = Array.from({ length: 30 }, () => pieces[rnd(pieces.length)]).join('');
        assert.doesNotThrow(() => parseBibtex(text, 'g.bib'));
      }
      assert.doesNotThrow(() => parseBibtex('{'.repeat(100_000), 'deep.bib'));
      assert.doesNotThrow(() => parseBibtex(`@misc{a, title = {${'{'.repeat(20_000)}x${'}'.repeat(20_000)}}}`, 'deep.bib'));
    });
  });
});

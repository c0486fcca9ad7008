import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AbstractStore } from '../../src/core/online/enrich';
import { runCli } from './helpers';

const ROOT = path.resolve(__dirname, '../..');

const run = runCli;

describe('related-work (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('suggest', () => {
    it('suggests bundled papers per paragraph of the example LaTeX draft, flagging cited .bib entries', async () => {
      const r = await run(['suggest', path.join(ROOT, 'examples/paper.tex'), '--no-cache', '--json', '--top', '3']);
      assert.equal(r.code, 0, r.err);
      const report = JSON.parse(r.out) as { line: number; section: string | null; text: string; suggestions: { title: string; alreadyCited: boolean; inBibliography: boolean }[] }[];
      assert.ok(report.length >= 5, `paragraphs: ${report.length}`);
      const skip = report.find((p) => p.text.includes('Some skip the upper layers'));
      assert.ok(skip, 'the paragraph about skipping layers is reported');
      assert.equal(skip.section, 'Shortening the Decoding Loop');
      assert.match(skip.suggestions[0].title, /^SkipDecode/);
      const flagged = report.flatMap((p) => p.suggestions).filter((s) => s.alreadyCited);
      assert.ok(flagged.length > 0 && flagged.every((s) => s.inBibliography), 'cited papers come from the .bib and are flagged');
    });
    it('reads the Markdown example and its YAML bibliography', async () => {
      const r = await run(['suggest', path.join(ROOT, 'examples/paper.md'), '--no-cache']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /papers; \d+ paragraphs of .*paper\.md/);
      assert.match(r.out, /Tokenization counts: the impact of tokenization on arithmetic/);
    });
    it('names a draft it cannot read and exits 2', async () => {
      const r = await run(['suggest', path.join(dir, 'missing.tex'), '--no-cache']);
      assert.equal(r.code, 2);
      assert.match(r.err, /missing\.tex: cannot read the draft/);
    });
  });

  describe('rank', () => {
    it('writes one JSON line per query with id, key, title and score (the benchmark contract)', async () => {
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(bib, '@article{sinks, title={Efficient Streaming Language Models with Attention Sinks}, year={2024}}\n@article{bpe, title={Neural Machine Translation of Rare Words with Subword Units}, year={2016}}\n');
      const queries = path.join(dir, 'q.jsonl');
      fs.writeFileSync(queries, [
        JSON.stringify({ id: 'q1', text: 'Rare words are split into \\emph{subword units} \\cite{x}.', format: 'latex' }),
        JSON.stringify({ id: 'q2', text: 'Streaming models keep **attention sinks** [@y].', format: 'markdown' }),
      ].join('\n'));
      const r = await run(['rank', '--queries', queries, '--bib', bib, '--no-default-corpus', '--no-cache', '--top', '1']);
      assert.equal(r.code, 0, r.err);
      const lines = r.out.split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.id, l.results.map((x: { id: string; key: string }) => [x.id, x.key])]), [
        ['q1', [['bpe', 'bpe']]],
        ['q2', [['sinks', 'sinks']]],
      ]);
      assert.equal(typeof lines[0].results[0].score, 'number');
      assert.equal(lines[0].results[0].title, 'Neural Machine Translation of Rare Words with Subword Units');
    });
    it('reports a bad query line with file:line, answers the others, and exits 1', async () => {
      const queries = path.join(dir, 'q.jsonl');
      fs.writeFileSync(queries, `${JSON.stringify({ id: 'ok', text: 'attention sinks', format: 'text' })}\n{not json\n`);
      const r = await run(['rank', '--queries', queries, '--no-cache']);
      assert.equal(r.code, 1);
      assert.match(r.err, /q\.jsonl:2: not JSON/);
      assert.equal(r.out.split('\n').length, 1);
    });
  });

  describe('bad input', () => {
    it('an unknown flag is a one-line usage error with exit 2', async () => {
      const r = await run(['search', 'x', '--frobnicate']);
      assert.equal(r.code, 2);
      assert.equal(r.err.split('\n').length, 1);
      assert.match(r.err, /--frobnicate/);
    });
    it('a missing corpus is named, the rest still loads, and the exit is 1', async () => {
      const r = await run(['search', 'attention sinks', '--corpus', path.join(dir, 'nope.jsonl'), '--no-cache', '--top', '1']);
      assert.equal(r.code, 1);
      assert.match(r.err, /nope\.jsonl/);
      assert.match(r.out, /Attention|attention/);
    });
    it('a bad corpus line is reported with file and line; the good lines load', async () => {
      const corpus = path.join(dir, 'c.jsonl');
      fs.writeFileSync(corpus, `${JSON.stringify({ id: 'p1', title: 'Byte Latent Transformer: Patches Scale Better Than Tokens' })}\n{"id": \n`);
      const r = await run(['search', 'latent patches', '--corpus', corpus, '--no-default-corpus', '--no-cache']);
      assert.equal(r.code, 1);
      assert.match(r.err, /c\.jsonl:2:/);
      assert.match(r.out, /Byte Latent Transformer/);
    });
  });

  describe('abstracts fetched by enrich', () => {
    it('search, suggest and index use them for title-only .bib entries; rank does not; the .bib is unchanged', async () => {
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(bib, '@article{bpe, title={Neural Machine Translation of Rare Words with Subword Units}, year={2016}, doi={10.18653/v1/P16-1162}}\n');
      const before = fs.readFileSync(bib);
      const cache = path.join(dir, 'cache');
      const src = ['--bib', bib, '--no-default-corpus', '--cache-dir', cache];
      const missing = await run(['search', 'agglutinative', ...src]);
      assert.equal(missing.out, 'No matching papers.');
      await new AbstractStore(path.join(cache, 'online', 'abstracts.json')).add(new Map([['doi:10.18653/v1/p16-1162', 'Byte pair encoding copes with agglutinative languages.']]));
      const found = await run(['search', 'agglutinative', ...src, '--json']);
      assert.equal(found.code, 0, found.err);
      assert.deepEqual((JSON.parse(found.out) as { id: string }[]).map((s) => s.id), ['bpe']);
      const indexed = await run(['index', ...src]);
      assert.match(indexed.out, /^Index up to date: 1 papers/, 'index caches the same index search loads');
      const draft = path.join(dir, 'draft.md');
      fs.writeFileSync(draft, 'Tokenizers for agglutinative languages need care, since words there carry many morphemes at once.\n');
      const suggested = await run(['suggest', draft, ...src, '--json']);
      assert.equal(suggested.code, 0, suggested.err);
      assert.equal((JSON.parse(suggested.out) as { suggestions: { title: string }[] }[])[0].suggestions[0]?.title, 'Neural Machine Translation of Rare Words with Subword Units');
      const queries = path.join(dir, 'q.jsonl');
      fs.writeFileSync(queries, `${JSON.stringify({ id: 'q', text: 'agglutinative', format: 'text' })}\n`);
      const ranked = await run(['rank', '--queries', queries, ...src]);
      assert.equal(ranked.code, 0, ranked.err);
      assert.deepEqual(JSON.parse(ranked.out).results, [], 'the benchmark ignores cached network data');
      assert.ok(fs.readFileSync(bib).equals(before), 'the .bib is byte-identical');
    });
  });

  describe('export', () => {
    const BIB = [
      '@string{tacl = "Transactions of the ACL"}',
      '@article{ok1, title = {{\\LaTeX} for $\\pm$ everyone}, author = {M{\\aa}rtensson, Anders and van der Berg, Jan}, journal = tacl, year = 2021, doi = {10.1162/tacl_a_00001}}',
      '@inproceedings{broken, title = {never closed',
      '@web_page{ok2, title = {A page}, url = {https://example.org}}',
      '',
    ].join('\n');

    it('writes every record in reading order as JSON lines, the broken entry located on stderr, exit 1', async () => {
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(bib, BIB);
      const r = await run(['export', bib]);
      assert.equal(r.code, 1);
      const lines = r.out.split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.key, l.source]), [['ok1', `${bib}:2`], ['ok2', `${bib}:4`]]);
      assert.equal(lines[0].title, 'LaTeX for ± everyone');
      assert.deepEqual(lines[0].authors, ['Anders Mårtensson', 'Jan van der Berg']);
      assert.equal(lines[0].venue, 'Transactions of the ACL');
      assert.equal(lines[0].doi, '10.1162/tacl_a_00001');
      assert.equal(lines[1].type, 'web_page');
      assert.match(r.err, /refs\.bib:3: .*unbalanced braces/);
    });

    it('--format csl-json: items with id, type, title, author [{family, given}] and issued', async () => {
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(bib, BIB);
      const r = await run(['export', bib, '--format', 'csl-json']);
      const items = JSON.parse(r.out) as Record<string, unknown>[];
      assert.deepEqual(items[0], {
        id: 'ok1',
        type: 'article-journal',
        title: 'LaTeX for ± everyone',
        author: [{ family: 'Mårtensson', given: 'Anders' }, { family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }],
        issued: { 'date-parts': [[2021]] },
        'container-title': 'Transactions of the ACL',
        DOI: '10.1162/tacl_a_00001',
      });
      assert.deepEqual(items[1], { id: 'ok2', type: 'webpage', title: 'A page', URL: 'https://example.org' });
      for (const item of items) {
        assert.equal(typeof item.id, 'string');
        assert.equal(typeof item.type, 'string');
        assert.equal(typeof item.title, 'string');
      }
    });

    it('--format bibtex: entries that read back as the same records', async () => {
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(bib, BIB);
      const r = await run(['export', bib, '--format', 'bibtex']);
      const again = path.join(dir, 'again.bib');
      fs.writeFileSync(again, r.out);
      const back = await run(['export', again]);
      assert.equal(back.code, 0, back.err);
      const titles = (out: string) => out.split('\n').map((l) => JSON.parse(l)).map((l) => [l.key, l.title, l.authors, l.year]);
      assert.deepEqual(titles(back.out), titles((await run(['export', bib])).out));
    });

    it('needs a source and a known format (exit 2)', async () => {
      assert.equal((await run(['export'])).code, 2);
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(bib, BIB);
      const r = await run(['export', bib, '--format', 'ris']);
      assert.equal(r.code, 2);
      assert.match(r.err, /--format is one of jsonl, csl-json, bibtex/);
    });
  });

  describe('index', () => {
    it('builds the cache once, then reports it up to date', async () => {
      const cache = path.join(dir, 'cache');
      const first = await run(['index', '--cache-dir', cache]);
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /^Indexed 70 papers in/);
      const second = await run(['index', '--cache-dir', cache]);
      assert.match(second.out, /^Index up to date: 70 papers/);
      const rebuilt = await run(['index', '--cache-dir', cache, '--rebuild']);
      assert.match(rebuilt.out, /^Indexed 70 papers/);
    });
  });
});

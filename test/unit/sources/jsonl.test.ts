import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LoadResult, PaperRecord } from '../../../src/core/model';
import { parseJsonl, readJsonlFile } from '../../../src/core/sources/jsonl';

const FIXTURES = resolve(__dirname, '../../fixtures/sources');
const PLAIN = join(FIXTURES, 'corpus.jsonl');
const GZ = join(FIXTURES, 'corpus.jsonl.gz');

function byId(result: LoadResult, id: string): PaperRecord {
  const record = result.records.find((r) => r.id === id);
  assert.ok(record, `no record "${id}"`);
  return record;
}

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jsonl-test-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseJsonl', () => {
  const result = parseJsonl(readFileSync(PLAIN, 'utf8'), 'corpus.jsonl');

  it('keeps every good line and reports each bad one at its line', () => {
    assert.deepEqual(
      result.records.map((r) => [r.id, r.origin.line]),
      [
        ['2020.acl-main.740', 1],
        ['P19-1001', 2],
        ['1952.earlymt-1.1', 4],
        ['arxiv-2106.09685', 6],
        ['2024.findings-emnlp.1', 8],
      ],
    );
    assert.deepEqual(result.errors, [
      { file: 'corpus.jsonl', line: 3, message: "invalid JSON: Expected ',' or ']' after array element" },
      { file: 'corpus.jsonl', line: 7, message: 'record "no-title-1": missing "title"' },
    ]);
  });

  it('maps the ACL Anthology fields: bibkey as key, not in the bibliography', () => {
    const r = byId(result, '2020.acl-main.740');
    assert.equal(r.key, 'gururangan-etal-2020-dont');
    assert.equal(r.title, 'Don’t Stop Pretraining: Adapt Language Models to Domains and Tasks');
    assert.deepEqual(r.authors, ['Suchin Gururangan', 'Ana Marasović', 'Noah A. Smith']);
    assert.equal(r.year, 2020);
    assert.equal(r.venue, 'Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics');
    assert.equal(r.url, 'https://aclanthology.org/2020.acl-main.740');
    assert.equal(r.doi, '10.18653/v1/2020.acl-main.740');
    assert.match(r.abstract ?? '', /^Language models pretrained/);
    assert.deepEqual(r.origin, { kind: 'corpus', file: 'corpus.jsonl', line: 1 });
    assert.equal(r.inBibliography, false);
  });

  it('drops a null abstract, normalises DOIs, reads string years and arxiv_id', () => {
    assert.equal(byId(result, 'P19-1001').abstract, undefined);
    assert.equal(byId(result, '2024.findings-emnlp.1').doi, '10.18653/v1/2024.findings-emnlp.1');
    const lora = byId(result, 'arxiv-2106.09685');
    assert.equal(lora.year, 2021);
    assert.equal(lora.arxiv, '2106.09685');
    assert.equal(lora.key, undefined);
  });

  it('labels records with the kind asked for', () => {
    const text = '{"id": "a", "title": "A"}';
    assert.equal(parseJsonl(text, 'd.jsonl', 'default').records[0].origin.kind, 'default');
  });

  it('reads arxiv from an "arxiv" field, an arxiv.org URL or a 10.48550 DOI', () => {
    const text = [
      '{"id": "a", "title": "A", "arxiv": "arXiv:1706.03762v5"}',
      '{"id": "b", "title": "B", "url": "https://arxiv.org/pdf/2106.09685v2.pdf"}',
      '{"id": "c", "title": "C", "doi": "10.48550/arXiv.1810.04805"}',
    ].join('\n');
    assert.deepEqual(parseJsonl(text, 'x.jsonl').records.map((r) => r.arxiv), ['1706.03762', '2106.09685', '1810.04805']);
  });

  it('handles CRLF, a BOM, numeric ids, author objects, a missing final newline', () => {
    const text = '\uFEFF{"id": 7, "title": "Seven", "authors": [{"given": "Ada", "family": "Lovelace"}, ""]}\r\n\r\n{"id": "b", "title": "B"}';
    const r = parseJsonl(text, 'x.jsonl');
    assert.deepEqual(r.records.map((x) => [x.id, x.origin.line, x.authors]), [['7', 1, ['Ada Lovelace']], ['b', 3, []]]);
    assert.deepEqual(r.errors, []);
  });

  it('reports lines that are not objects, lack an id, or repeat one', () => {
    const text = ['[1, 2]', '{"title": "No id"}', '{"id": "a", "title": "A"}', '{"id": "a", "title": "Again"}', 'null'].join('\n');
    assert.deepEqual(parseJsonl(text, 'x.jsonl').errors, [
      { file: 'x.jsonl', line: 1, message: 'not a JSON object' },
      { file: 'x.jsonl', line: 2, message: 'missing "id"' },
      { file: 'x.jsonl', line: 4, message: 'duplicate id "a" (first at line 3); this line is ignored', severity: 'warning' },
      { file: 'x.jsonl', line: 5, message: 'not a JSON object' },
    ]);
  });
});

describe('readJsonlFile', () => {
  it('streams a gzipped file and reports its bad line', async () => {
    const result = await readJsonlFile(GZ);
    assert.deepEqual(
      result.records.map((r) => [r.id, r.origin.line]),
      [
        ['2020.acl-main.740', 1],
        ['P19-1001', 3],
        ['1952.earlymt-1.1', 4],
        ['arxiv-2106.09685', 5],
        ['2024.findings-emnlp.1', 6],
      ],
    );
    assert.deepEqual(result.errors, [{ file: GZ, line: 2, message: 'not a JSON object' }]);
    assert.equal(byId(result, 'arxiv-2106.09685').arxiv, '2106.09685');
  });

  it('gives the same records as parseJsonl for a plain file', async () => {
    const streamed = await readJsonlFile(PLAIN, 'default');
    const parsed = parseJsonl(readFileSync(PLAIN, 'utf8'), PLAIN, 'default');
    assert.deepEqual(streamed, parsed);
  });

  it('tells gzip by its magic bytes, not by the file name', async () => {
    const disguised = join(tmp, 'papers.jsonl');
    copyFileSync(GZ, disguised);
    const result = await readJsonlFile(disguised);
    assert.equal(result.records.length, 5);
  });

  it('decodes multi-byte characters split across chunks, and reports progress', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 15_000; i++) lines.push(JSON.stringify({ id: `p${i}`, title: `Müller — 日本語 ${i}`, authors: ['Zoë Ñúñez'] }));
    const text = `${lines.join('\n')}\n`;
    const plain = join(tmp, 'big.jsonl');
    writeFileSync(plain, text);
    const gz = join(tmp, 'big.jsonl.gz');
    writeFileSync(gz, gzipSync(text));
    for (const file of [plain, gz]) {
      const seen: number[] = [];
      const result = await readJsonlFile(file, 'corpus', (n) => seen.push(n));
      assert.equal(result.records.length, 15_000);
      assert.deepEqual(result.errors, []);
      assert.ok(result.records.every((r, i) => r.title === `Müller — 日本語 ${i}` && r.authors[0] === 'Zoë Ñúñez'));
      assert.equal(seen.at(-1), 15_000);
      assert.ok(seen.every((n, i) => i === 0 || n >= seen[i - 1]), 'progress only grows');
    }
  });

  it('reads a line far longer than the pieces it is decoded in, with a character split between them', async () => {
    // 300k two-byte characters: 600 KB in one line, so 32 KB pieces cut it (and a character) many times.
    const abstract = 'é'.repeat(300_000);
    const text = `${JSON.stringify({ id: 'long', title: 'A long line', abstract })}\n${JSON.stringify({ id: 'next', title: 'After it' })}\n`;
    const gz = join(tmp, 'long.jsonl.gz');
    writeFileSync(gz, gzipSync(text));
    const result = await readJsonlFile(gz);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.records.map((r) => [r.id, r.origin.line, r.abstract?.length]),
      [
        ['long', 1, 300_000],
        ['next', 2, undefined],
      ],
    );
    assert.equal(byId(result, 'long').abstract, abstract);
  });

  it('yields to the event loop while reading', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(JSON.stringify({ id: `p${i}`, title: `Paper number ${i}`, abstract: 'x'.repeat(150) }));
    const file = join(tmp, 'yield.jsonl.gz');
    writeFileSync(file, gzipSync(lines.join('\n')));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const result = await readJsonlFile(file);
      assert.equal(result.records.length, 40_000);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 2, `timers ran ${ticks} times during the read`);
  });

  it('reports a missing file without rejecting', async () => {
    const missing = join(tmp, 'nope.jsonl');
    assert.deepEqual(await readJsonlFile(missing), {
      records: [],
      errors: [{ file: missing, message: 'cannot read file: no such file' }],
    });
  });

  it('keeps the records before the cut of a truncated gzip file', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: `p${i}`, title: `Paper ${i} ${'words '.repeat(20)}` }));
    const gz = gzipSync(lines.join('\n'));
    const file = join(tmp, 'cut.jsonl.gz');
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const result = await readJsonlFile(file);
    assert.ok(result.records.length > 100 && result.records.length < 2000, `${result.records.length} records`);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /^cannot read file: corrupt or truncated gzip data/);
    assert.equal(result.errors[0].file, file);
  });
});

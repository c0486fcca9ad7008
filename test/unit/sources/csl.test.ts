import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadResult, PaperRecord } from '../../../src/core/model';
import { parseCslJson } from '../../../src/core/sources/csl';

const FIXTURES = resolve(__dirname, '../../fixtures/sources');
const ZOTERO = readFileSync(join(FIXTURES, 'zotero.json'), 'utf8');

function byKey(result: LoadResult, key: string): PaperRecord {
  const record = result.records.find((r) => r.key === key);
  assert.ok(record, `no record "${key}"`);
  return record;
}

describe('parseCslJson', () => {
  describe('the zotero.json fixture', () => {
    const result = parseCslJson(ZOTERO, 'zotero.json');

    it('keeps the good items and reports the bad ones at their lines', () => {
      assert.deepEqual(result.records.map((r) => r.key), ['devlin2019bert', 'hu2021lora', 'berg2020dutch']);
      assert.deepEqual(result.errors, [
        { file: 'zotero.json', line: 32, message: 'CSL item 3 is not an object (found a string)' },
        { file: 'zotero.json', line: 43, message: 'CSL item 5 has no "id" or "citation-key"' },
      ]);
    });

    it('uses citation-key (Better BibTeX) over id, as key and id, with the line of the item', () => {
      const bert = byKey(result, 'devlin2019bert');
      assert.equal(bert.id, 'devlin2019bert');
      assert.deepEqual(bert.origin, { kind: 'csl', file: 'zotero.json', line: 2 });
      assert.equal(bert.inBibliography, true);
      assert.equal(byKey(result, 'berg2020dutch').origin.line, 33, 'citationKey, the older Better BibTeX spelling');
      assert.equal(byKey(result, 'hu2021lora').origin.line, 19, 'no citation key: the id');
    });

    it('maps title (markup removed), authors, year, venue, abstract, DOI, URL and type', () => {
      const bert = byKey(result, 'devlin2019bert');
      assert.equal(bert.title, 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding');
      assert.deepEqual(bert.authors, ['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanova']);
      assert.equal(bert.year, 2019);
      assert.equal(bert.venue, 'Proceedings of NAACL-HLT');
      assert.equal(bert.abstract, 'We introduce a new language representation model called BERT.');
      assert.equal(bert.doi, '10.18653/v1/n19-1423');
      assert.equal(bert.url, 'https://aclanthology.org/N19-1423');
      assert.equal(bert.type, 'article');
      assert.equal(bert.arxiv, undefined);
    });

    it('reads literal names, particles, raw dates, string date-parts and event titles', () => {
      const lora = byKey(result, 'hu2021lora');
      assert.deepEqual(lora.authors, ['Edward J. Hu', 'OpenAI Research']);
      assert.equal(lora.year, 2021);
      assert.equal(lora.venue, 'arXiv');
      const berg = byKey(result, 'berg2020dutch');
      assert.deepEqual(berg.authors, ['Jan van der Berg']);
      assert.equal(berg.year, 2020);
      assert.equal(berg.title, 'Dutch Parsing');
      assert.equal(berg.venue, 'LREC 2020');
      assert.equal(berg.type, 'inproceedings');
    });

    it('finds arXiv ids in number, the 10.48550 DOI and arxiv.org URLs, without version', () => {
      assert.equal(byKey(result, 'hu2021lora').arxiv, '2106.09685');
      assert.equal(byKey(result, 'hu2021lora').doi, '10.48550/arxiv.2106.09685');
      assert.equal(byKey(result, 'berg2020dutch').arxiv, '2003.00001');
    });
  });

  describe('invalid JSON: one error at the line of the syntax error', () => {
    const cases: [string, string, number][] = [
      ['a trailing comma', '[\n  {"id": "a",\n  }\n]', 3],
      ['a missing comma between items', '[\n  {"id": "a"}\n  {"id": "b"}\n]', 3],
      ['a bare word', '[\n  {"id": "a"},\n  {"id": b}\n]', 3],
      ['a truncated file', '[\n  {"id": "a"},\n  {"id": "b"', 3],
      ['text after the array', '[{"id": "a"}]\n\n]', 3],
    ];
    for (const [name, text, line] of cases) {
      it(name, () => {
        const result = parseCslJson(text, 'bad.json');
        assert.deepEqual(result.records, []);
        assert.equal(result.errors.length, 1);
        assert.equal(result.errors[0].file, 'bad.json');
        assert.equal(result.errors[0].line, line);
        assert.match(result.errors[0].message, /^invalid JSON: /);
        assert.ok(!result.errors[0].message.includes('{"id"'), 'the input is not echoed in the message');
      });
    }

    it('an empty file', () => {
      assert.deepEqual(parseCslJson('', 'empty.json').errors, [
        { file: 'empty.json', line: 1, message: 'invalid JSON: Unexpected end of JSON input' },
      ]);
    });
  });

  describe('other shapes', () => {
    it('accepts a single item object, an {"items": [...]} wrapper and a BOM', () => {
      assert.deepEqual(parseCslJson('\uFEFF{"id": "one", "title": "One"}', 'x.json').records.map((r) => r.key), ['one']);
      assert.deepEqual(parseCslJson('{"items": [{"id": "a"}, {"id": 2}]}', 'x.json').records.map((r) => r.key), ['a', '2']);
    });

    it('rejects a document that is not items', () => {
      assert.deepEqual(parseCslJson('42', 'x.json').errors, [
        { file: 'x.json', line: 1, message: 'not CSL-JSON: expected an array of items' },
      ]);
    });

    it('reports a repeated key and keeps the first item', () => {
      const result = parseCslJson('[\n{"id": "a", "title": "First"},\n{"id": "a", "title": "Second"}\n]', 'x.json');
      assert.deepEqual(result.records.map((r) => r.title), ['First']);
      assert.deepEqual(result.errors, [
        { file: 'x.json', line: 3, message: 'duplicate key "a" (first defined at line 2); this item is ignored', severity: 'warning' },
      ]);
    });

    it('locates items that hold strings with brackets, braces and escaped quotes', () => {
      const text = '[\n{"id": "a", "title": "x [y] {z} \\"q\\""},\n\n  {"id": "b"},\n  null\n]';
      const result = parseCslJson(text, 'x.json');
      assert.deepEqual(result.records.map((r) => [r.key, r.origin.line, r.title]), [['a', 2, 'x [y] {z} "q"'], ['b', 4, '']]);
      assert.deepEqual(result.errors, [{ file: 'x.json', line: 5, message: 'CSL item 3 is not an object (found null)' }]);
    });

    it('never throws on garbage', () => {
      for (const text of ['[', ']', '[[[[', '{"items": 3}', '[{"id": {}}]', '[{"id": "a", "author": [null, 3, {"family": 7}]}]', '"x"']) {
        assert.doesNotThrow(() => parseCslJson(text, 'g.json'), text);
      }
      assert.doesNotThrow(() => parseCslJson('['.repeat(50_000), 'deep.json'));
    });
  });
});

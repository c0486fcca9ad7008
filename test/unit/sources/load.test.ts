import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { detectFormat, loadSourceFile } from '../../../src/core/sources/load';

const FIXTURES = resolve(__dirname, '../../fixtures/sources');

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'load-test-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadSourceFile', () => {
  it('loads a .bib file as BibTeX, with its located errors', async () => {
    const file = join(FIXTURES, 'refs.bib');
    const result = await loadSourceFile(file);
    assert.equal(result.records.length, 7);
    assert.ok(result.records.every((r) => r.origin.kind === 'bibtex' && r.origin.file === file && r.inBibliography));
    assert.deepEqual(result.errors.map((e) => [e.file, e.line]), [[file, 38], [file, 70]]);
  });

  it('loads a .json file as CSL-JSON', async () => {
    const file = join(FIXTURES, 'zotero.json');
    const result = await loadSourceFile(file);
    assert.deepEqual(result.records.map((r) => [r.key, r.origin.kind]), [
      ['devlin2019bert', 'csl'], ['hu2021lora', 'csl'], ['berg2020dutch', 'csl'],
    ]);
    assert.deepEqual(result.errors.map((e) => e.line), [32, 43]);
  });

  it('loads .jsonl and .jsonl.gz as JSON Lines, as a corpus unless told otherwise', async () => {
    const plain = await loadSourceFile(join(FIXTURES, 'corpus.jsonl'));
    assert.equal(plain.records.length, 5);
    assert.ok(plain.records.every((r) => r.origin.kind === 'corpus' && !r.inBibliography));
    assert.deepEqual(plain.errors.map((e) => e.line), [3, 7]);
    const gz = await loadSourceFile(join(FIXTURES, 'corpus.jsonl.gz'), { kind: 'default' });
    assert.equal(gz.records.length, 5);
    assert.ok(gz.records.every((r) => r.origin.kind === 'default'));
    assert.deepEqual(gz.errors.map((e) => e.line), [2]);
  });

  it('passes progress through for JSON Lines', async () => {
    const seen: number[] = [];
    await loadSourceFile(join(FIXTURES, 'corpus.jsonl'), { onProgress: (n) => seen.push(n) });
    assert.equal(seen.at(-1), 5);
  });

  it('sniffs files with other names by content: gzip bytes, "@entry{", JSON lines, a JSON array', async () => {
    const gz = join(tmp, 'papers.dat');
    copyFileSync(join(FIXTURES, 'corpus.jsonl.gz'), gz);
    const bib = join(tmp, 'refs.txt');
    writeFileSync(bib, '% my refs\n@misc{a, title = {A}}\n');
    const lines = join(tmp, 'papers.json');
    writeFileSync(lines, '{"id": "x", "title": "X"}\n{"id": "y", "title": "Y"}\n');
    const csl = join(tmp, 'library');
    writeFileSync(csl, readFileSync(join(FIXTURES, 'zotero.json')));
    assert.equal((await loadSourceFile(gz)).records[0].origin.kind, 'corpus');
    assert.equal((await loadSourceFile(bib)).records[0].origin.kind, 'bibtex');
    assert.deepEqual((await loadSourceFile(lines)).records.map((r) => [r.id, r.origin.kind]), [['x', 'corpus'], ['y', 'corpus']]);
    assert.equal((await loadSourceFile(csl)).records[0].origin.kind, 'csl');
  });

  it('strips a UTF-8 BOM from a .bib file', async () => {
    const file = join(tmp, 'bom.bib');
    writeFileSync(file, '\uFEFF@misc{a, title = {A}}\n');
    const result = await loadSourceFile(file);
    assert.deepEqual(result.records.map((r) => [r.key, r.origin.line]), [['a', 1]]);
  });

  it('reports a missing file or a directory as one error naming it, without rejecting', async () => {
    const missing = join(tmp, 'missing.bib');
    assert.deepEqual(await loadSourceFile(missing), {
      records: [],
      errors: [{ file: missing, message: 'cannot read file: no such file' }],
    });
    assert.deepEqual(await loadSourceFile(tmp), {
      records: [],
      errors: [{ file: tmp, message: 'cannot read file: it is a directory' }],
    });
  });
});

describe('detectFormat', () => {
  const head = (text: string) => Buffer.from(text, 'utf8');

  it('trusts the extension for .bib, .jsonl, .ndjson, .gz', () => {
    assert.equal(detectFormat('a.bib', head('{"id": 1}')), 'bibtex');
    assert.equal(detectFormat('a.BibLaTeX', head('')), 'bibtex');
    assert.equal(detectFormat('a.jsonl', head('[1]')), 'jsonl');
    assert.equal(detectFormat('a.ndjson', head('')), 'jsonl');
    assert.equal(detectFormat('a.jsonl.gz', head('')), 'jsonl');
  });

  it('tells CSL-JSON from JSON Lines in a .json file', () => {
    assert.equal(detectFormat('a.json', head('[\n{"id": "a"}\n]')), 'csl');
    assert.equal(detectFormat('a.json', head('{\n  "id": "a"\n}')), 'csl');
    assert.equal(detectFormat('a.json', head('{"id": "a"}\n{"id": "b"}\n')), 'jsonl');
  });

  it('puts gzip magic bytes before the extension', () => {
    assert.equal(detectFormat('a.bib', Buffer.from([0x1f, 0x8b, 8, 0])), 'jsonl');
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const DATA = join(ROOT, 'data/default-corpus.jsonl');
const SCRIPT = join(ROOT, 'scripts/build-default-corpus.mjs');
const SEED = resolve(ROOT, '../shared/seed/000_e250a2ca35a48f7a.txt');

interface CorpusLine {
  id: string;
  title: string;
  abstract: string | null;
  authors: string[];
  year: number | null;
  venue: string | null;
  url: string | null;
  doi: string | null;
  bibkey: string | null;
}

const CHROME = ['new', 'Get trending papers in your email inbox!', 'Subscribe', 'Daily Papers', 'byAK and the research community', 'Jul 30'];

function readCorpus(): CorpusLine[] {
  const text = readFileSync(DATA, 'utf8');
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  return text.trimEnd().split('\n').map((line, i) => {
    try {
      return JSON.parse(line) as CorpusLine;
    } catch (e) {
      throw new Error(`${DATA}:${i + 1}: ${String(e)}`);
    }
  });
}

function runScript(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('data/default-corpus.jsonl', () => {
  const records = readCorpus();

  it('has the 70 papers of the seed listing', () => {
    assert.equal(records.length, 70);
  });

  it('has unique, stable hf: ids made from the titles', () => {
    assert.equal(new Set(records.map((r) => r.id)).size, records.length);
    for (const r of records) assert.match(r.id, /^hf:[a-z0-9]+(?:-[a-z0-9]+)*$/, r.id);
    assert.equal(records[0]!.id, 'hf:continuous-subject-specific-attribute-control-in-t2i-models-by-identifying-semantic-directions');
  });

  it('gives every record a title and an abstract', () => {
    for (const r of records) {
      assert.ok(r.title.trim().length > 0, r.id);
      assert.ok((r.abstract ?? '').length >= 200, `${r.id}: abstract`);
      assert.ok(r.title.length < r.abstract!.length, `${r.id}: title shorter than abstract`);
    }
  });

  it('has no page chrome as a title', () => {
    const titles = new Set(records.map((r) => r.title));
    for (const c of CHROME) assert.ok(!titles.has(c), c);
    for (const r of records) assert.ok(!/^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d/i.test(r.title), r.title);
    assert.equal(records[0]!.title, 'Continuous, Subject-Specific Attribute Control in T2I Models by Identifying Semantic Directions');
    assert.equal(records[69]!.title, 'Landmark Attention: Random-Access Infinite Context Length for Transformers');
  });

  it('has the corpus format and invents no authors, year, URL or DOI', () => {
    for (const r of records) {
      assert.deepEqual(Object.keys(r), ['id', 'title', 'abstract', 'authors', 'year', 'venue', 'url', 'doi', 'bibkey']);
      assert.deepEqual(r.authors, []);
      assert.equal(r.year, null);
      assert.equal(r.url, null);
      assert.equal(r.doi, null);
      assert.equal(r.venue, 'Hugging Face Daily Papers');
    }
  });

  it('has no LaTeX left from arXiv metadata', () => {
    for (const r of records) {
      assert.ok(!/\\[a-z%]|--|``|''/i.test(r.title + r.abstract), r.id);
      assert.ok(!r.title.includes('~'), r.title);
    }
  });

  it('invents no citation keys: the listing has none', () => {
    for (const r of records) assert.equal(r.bibkey, null, r.title);
  });
});

describe('scripts/build-default-corpus.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'default-corpus-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduces data/default-corpus.jsonl byte for byte from the seed', function () {
    if (!existsSync(SEED)) this.skip();
    const out = join(dir, 'corpus.jsonl');
    const run = runScript([SEED, '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /70 papers/);
    assert.ok(readFileSync(out).equals(readFileSync(DATA)), 'output differs from data/default-corpus.jsonl');
  });

  it('fails with a located message when a title has no abstract', function () {
    if (!existsSync(SEED)) this.skip();
    const lines = readFileSync(SEED, 'utf8').split('\n');
    // Line 15 is the first abstract; drop it and the blank line after it.
    lines.splice(14, 2);
    const seed = join(dir, 'broken.txt');
    writeFileSync(seed, lines.join('\n'));
    const run = runScript([seed, '--out', join(dir, 'out.jsonl')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^build-default-corpus: .*broken\.txt:15: expected the abstract of "Continuous/);
    assert.ok(!existsSync(join(dir, 'out.jsonl')));
  });

  it('fails when the paper count differs from the expected one', function () {
    if (!existsSync(SEED)) this.skip();
    const run = runScript([SEED, '--out', join(dir, 'out.jsonl'), '--expect', '71']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /found 70 papers, expected 71/);
  });

  it('fails on text that is not a listing', () => {
    const seed = join(dir, 'notes.txt');
    writeFileSync(seed, 'Some notes\n\nMore notes\n');
    const run = runScript([seed, '--out', join(dir, 'out.jsonl')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /notes\.txt:1: no page chrome/);
  });
});

import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeProgress, type LoadProgress, type SourceSpec } from '../../../src/core/library';
import { AbstractStore } from '../../../src/core/online/enrich';
import { LibraryWorker } from '../../../src/extension/worker/libraryWorker';

const BIB = `@article{zeta2020,
  title = {Zeta Functions for Citation Graphs},
  author = {Zed, Zoe},
  year = {2020}
}

@inproceedings{alpha2021,
  title = {Attention Sinks in Streaming Language Models},
  author = {Alpha, Ann},
  year = {2021}
}

@article{broken,
  title = {Unclosed {brace,
  year = {2019},
}

@misc{mid2022,
  title = {Middle Earth Retrieval Benchmarks},
  author = {Mid, Max},
  year = {2022}
}
`;
const CORPUS = [
  { id: 'P16-1162', title: 'Neural Machine Translation of Rare Words with Subword Units', authors: ['Rico Sennrich'], year: 2016, bibkey: 'sennrich-etal-2016-neural' },
  { id: 'W99-0001', title: 'Streaming Attention for Language Models Revisited in Depth', authors: ['Some One'], year: 1999 },
].map((r) => JSON.stringify(r)).join('\n');

describe('LibraryWorker', () => {
  let dir: string;
  let sources: SourceSpec[];
  let worker: LibraryWorker;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-worker-'));
    fs.writeFileSync(path.join(dir, 'refs.bib'), BIB);
    fs.writeFileSync(path.join(dir, 'corpus.jsonl'), CORPUS);
    sources = [
      { file: path.join(dir, 'refs.bib'), role: 'bibliography' },
      { file: path.join(dir, 'corpus.jsonl'), role: 'corpus' },
    ];
    worker = new LibraryWorker();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('configure', () => {
    it('opens: counts, per-source records and errors, progress, keeps the good entries around a bad one', async () => {
      const progress: LoadProgress[] = [];
      const s = await worker.handle('configure', { sources }, (p) => progress.push(p));
      assert.equal(s.kind, 'open');
      assert.equal(s.papers, 5);
      assert.equal(s.bibliographyEntries, 3);
      assert.equal(s.errors.length, 1);
      assert.equal(s.errors[0].line, 14); // the unclosed title field of the entry at line 13
      assert.deepEqual(s.sources.map((x) => [path.basename(x.file), x.records, x.errors, x.read]), [
        ['refs.bib', 3, 1, true],
        ['corpus.jsonl', 2, 0, true],
      ]);
      assert.ok(s.sources.every((x) => typeof x.ms === 'number'));
      assert.deepEqual(
        progress.map((p) => [p.phase, p.file && path.basename(p.file), p.done, p.total]),
        [['read', 'refs.bib', 0, 2], ['read', 'corpus.jsonl', 1, 2], ['index', undefined, 0, 5]],
      );
      assert.deepEqual(progress.map((p) => describeProgress(p, path.basename)), ['reading refs.bib (1/2)', 'reading corpus.jsonl (2/2)', 'indexing 5 papers']);
    });

    it('a second call switches sources in place, reading only the new ones', async () => {
      await worker.handle('configure', { sources: sources.slice(0, 1) });
      const s = await worker.handle('configure', { sources });
      assert.equal(s.kind, 'update');
      assert.deepEqual(s.changes, { added: 2, removed: 0, replaced: 0 });
      assert.deepEqual(s.sources.map((x) => x.read), [false, true]);
    });

    it('rebuild opens anew, and from the cache the second time', async () => {
      const cacheDir = path.join(dir, 'cache');
      assert.equal((await new LibraryWorker({ cacheDir }).handle('configure', { sources })).fromCache, false);
      const again = new LibraryWorker({ cacheDir });
      assert.equal((await again.handle('configure', { sources })).fromCache, true);
      assert.equal((await again.handle('configure', { sources, rebuild: true })).fromCache, false);
    });
  });

  describe('save', () => {
    it('caches an index changed in place, so the next open of those sources is a cache hit', async () => {
      const cacheDir = path.join(dir, 'cache');
      const worker = new LibraryWorker({ cacheDir });
      await worker.handle('configure', { sources: sources.slice(0, 1) });
      assert.equal(worker.needsSave, false, 'open caches by itself');
      await worker.handle('configure', { sources });
      assert.equal(worker.needsSave, true);
      assert.equal(typeof (await worker.save()), 'number');
      assert.equal(worker.needsSave, false);
      assert.equal(await worker.save(), undefined);
      const next = await new LibraryWorker({ cacheDir }).handle('configure', { sources });
      assert.equal(next.fromCache, true);
      assert.equal(next.papers, 5);
    });
    it('an unwritable cache dir (defect 3): the library loads, the summary says why it is not cached', async () => {
      const cacheDir = path.join(dir, 'in-the-way');
      fs.writeFileSync(cacheDir, 'a file where the cache directory should be');
      const summary = await new LibraryWorker({ cacheDir }).handle('configure', { sources });
      assert.equal(summary.papers, 5);
      assert.match(summary.cacheProblem ?? '', /^cannot write the index cache at .*in-the-way: a file is in the way of the directory; continuing without it$/);
    });
  });

  describe('reload', () => {
    it('re-reads one file; ignores a file that is not a source', async () => {
      await worker.handle('configure', { sources });
      fs.appendFileSync(sources[0].file, '\n@article{new2024, title = {A Brand New Entry on Something}, year = {2024}}\n');
      const s = await worker.handle('reload', { file: sources[0].file });
      assert.equal(s?.kind, 'reload');
      assert.equal(s?.changes?.added, 1);
      assert.ok((await worker.handle('lookup', { keys: ['new2024'] }))[0]);
      assert.equal(await worker.handle('reload', { file: path.join(dir, 'other.bib') }), undefined);
    });

    it('re-reads nothing when the file holds what was read (the watcher after a save)', async () => {
      const worker = new LibraryWorker({ cacheDir: path.join(dir, 'cache') });
      await worker.handle('configure', { sources });
      const s = await worker.handle('reload', { file: sources[0].file });
      assert.deepEqual(s?.changes, { added: 0, removed: 0, replaced: 0, unchanged: true });
      assert.equal(s?.sources[0].read, false);
    });
  });

  describe('reloadAbstracts', () => {
    it('indexes newly fetched abstracts in place: no source is read again', async () => {
      const store = new AbstractStore(path.join(dir, 'abstracts.json'));
      fs.appendFileSync(sources[0].file, '\n@article{doi2021, title = {A Paper With Only A Title}, doi = {10.5555/only}}\n');
      const worker = new LibraryWorker({ abstractsFile: store.file });
      await worker.handle('configure', { sources });
      assert.deepEqual(await worker.handle('search', { query: 'photosynthesis of kelp forests' }), []);
      await store.add(new Map([['doi:10.5555/only', 'Photosynthesis of kelp forests under sea ice.']]));
      const s = await worker.handle('reloadAbstracts', {});
      assert.equal(s?.kind, 'abstracts');
      assert.deepEqual(s?.changes, { added: 0, removed: 0, replaced: 1 });
      assert.ok(s?.sources.every((x) => !x.read), 'nothing read');
      assert.deepEqual((await worker.handle('search', { query: 'photosynthesis of kelp forests' })).map((x) => x.record.key), ['doi2021']);
    });
  });

  describe('edit (an unsaved editor)', () => {
    const typed = `${BIB}\n@article{typed2025, title = {Typed But Never Saved}, year = {2025}}\n`;

    it('indexes the unsaved text; the disk again when it goes; a save of the same text reads nothing', async () => {
      const worker = new LibraryWorker({ cacheDir: path.join(dir, 'cache') });
      await worker.handle('configure', { sources });
      const edited = await worker.handle('edit', { file: sources[0].file, text: typed });
      assert.equal(edited?.kind, 'edit');
      assert.equal(edited?.changes?.added, 1);
      assert.equal((await worker.handle('lookup', { keys: ['typed2025'] }))[0]?.title, 'Typed But Never Saved');
      assert.equal(fs.readFileSync(sources[0].file, 'utf8'), BIB, 'the file is not touched');

      fs.writeFileSync(sources[0].file, typed); // the user saves; the editor is clean again
      const saved = await worker.handle('edit', { file: sources[0].file, text: undefined });
      assert.equal(saved?.changes?.unchanged, true);
      assert.equal((await worker.handle('reload', { file: sources[0].file }))?.changes?.unchanged, true);

      await worker.handle('edit', { file: sources[0].file, text: BIB }); // typed, unsaved: the entry removed
      assert.equal((await worker.handle('lookup', { keys: ['typed2025'] }))[0], null);
      const closed = await worker.handle('edit', { file: sources[0].file, text: undefined }); // closed without saving
      assert.equal(closed?.changes?.added, 1);
      assert.ok((await worker.handle('lookup', { keys: ['typed2025'] }))[0]);
    });

    it('keeps the text of a file that is not a source yet, and reads it when it becomes one', async () => {
      await worker.handle('configure', { sources });
      const other = path.join(dir, 'other.bib');
      assert.equal(await worker.handle('edit', { file: other, text: '@misc{only2025, title = {Only In The Editor}}' }), undefined);
      await worker.handle('configure', { sources: [...sources, { file: other, role: 'bibliography' }] });
      assert.equal((await worker.handle('lookup', { keys: ['only2025'] }))[0]?.title, 'Only In The Editor');
    });

    it('opens with the open texts it is given (a restart after a crash)', async () => {
      await worker.handle('configure', { sources, openTexts: [[sources[0].file, typed]] });
      assert.ok((await worker.handle('lookup', { keys: ['typed2025'] }))[0]);
    });
  });

  describe('lookup', () => {
    it('finds by citation key, then by id; null for unknown keys; [] of nulls before configure', async () => {
      assert.deepEqual(await worker.handle('lookup', { keys: ['alpha2021'] }), [null]);
      await worker.handle('configure', { sources });
      const found = await worker.handle('lookup', { keys: ['sennrich-etal-2016-neural', 'W99-0001', 'alpha2021', 'broken', 'nope'] });
      assert.deepEqual(found.map((r) => r?.id ?? null), ['P16-1162', 'W99-0001', 'alpha2021', null, null]);
    });
  });

  describe('engine questions', () => {
    const DRAFT = [
      '\\section{Food}',
      'Hobbits of the Shire prefer breakfast \\cite{mid2022}.',
      '',
      'Graphs of citations \\cite{zeta2020}.',
      '',
      'Hobbits of the Shire again prefer second breakfast.',
    ].join('\n');
    const at = (needle: string) => DRAFT.indexOf(needle);

    it('are the engine’s, answered on the library it holds (empty before the first open)', async () => {
      const ask = { draft: { text: DRAFT, format: 'latex' as const }, scope: { kind: 'paragraph' as const, offset: at('again') } };
      assert.deepEqual((await worker.handle('suggest', ask)).suggestions, []);
      await worker.handle('configure', { sources });
      const answer = await worker.handle('suggest', ask);
      assert.equal(answer.suggestions[0]?.record.id, 'mid2022', 'what the draft says where it cites mid2022');
      assert.equal(answer.suggestions[0]?.alreadyCited, true);
      assert.equal(answer.paragraph?.section, 'Food');
      assert.ok((await worker.handle('search', { query: 'subword units', limit: 1 }))[0].record.id === 'P16-1162');
    });
  });

  describe('bibliography', () => {
    it('in title order without a request; ranked first, then the rest in title order, with one', async () => {
      await worker.handle('configure', { sources });
      assert.deepEqual((await worker.handle('bibliography', {})).map((r) => r.id), ['alpha2021', 'mid2022', 'zeta2020']);
      const text = 'We study citation graphs with zeta functions.';
      const ranked = await worker.handle('bibliography', { ranking: { draft: { text, format: 'text' }, scope: { kind: 'paragraph', offset: 0 } } });
      assert.deepEqual(ranked.map((r) => r.id), ['zeta2020', 'alpha2021', 'mid2022']);
    });
  });
});

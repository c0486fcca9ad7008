import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheKey, readCache, writeCache } from '../../src/core/index/cache';
import { Library, type AbstractLookup, type SourceSpec } from '../../src/core/library';
import { AbstractStore } from '../../src/core/online/enrich';
import { rankText } from '../../src/core/rank/rank';
import { DISK_READER, OverlayReader, NO_FILES } from '../../src/core/sources/reader';

const BIB = `@inproceedings{xiao2024sinks,
  title = {Efficient Streaming Language Models with Attention Sinks},
  author = {Xiao, Guangxuan and Tian, Yuandong and Chen, Beidi and Han, Song and Lewis, Mike},
  booktitle = {International Conference on Learning Representations},
  year = {2024},
  eprint = {2309.17453},
  archivePrefix = {arXiv}
}
`;
const CORPUS = [
  { id: 'arxiv-sinks', title: 'Efficient Streaming Language Models with Attention Sinks', abstract: 'Window attention fails beyond the cache size; attention sinks fix it.', authors: ['Guangxuan Xiao'], year: 2024, venue: 'ICLR', bibkey: 'xiao-etal-2024-efficient' },
  { id: 'P16-1162', title: 'Neural Machine Translation of Rare Words with Subword Units', abstract: 'Byte pair encoding for open-vocabulary translation.', authors: ['Rico Sennrich', 'Barry Haddow', 'Alexandra Birch'], year: 2016, venue: 'ACL', bibkey: 'sennrich-etal-2016-neural' },
].map((r) => JSON.stringify(r)).join('\n');

describe('Library.open', () => {
  let dir: string;
  let sources: SourceSpec[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-library-'));
    fs.writeFileSync(path.join(dir, 'refs.bib'), BIB);
    fs.writeFileSync(path.join(dir, 'corpus.jsonl'), CORPUS);
    sources = [
      { file: path.join(dir, 'corpus.jsonl'), role: 'corpus' },
      { file: path.join(dir, 'refs.bib'), role: 'bibliography' },
    ];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('merges a corpus paper with the same work in the .bib, keeping the user key and the abstract', async () => {
    const library = await Library.open({ sources });
    assert.equal(library.size, 2);
    const merged = library.index.get('xiao2024sinks');
    assert.ok(merged, 'the merged record has the user key as id');
    assert.equal(merged.key, 'xiao2024sinks');
    assert.equal(merged.inBibliography, true);
    assert.match(merged.abstract ?? '', /attention sinks fix it/);
    assert.deepEqual(library.errors, []);
  });

  it('reports a key used twice across .bib files once, with both places, and keeps the first', async () => {
    fs.writeFileSync(path.join(dir, 'other.bib'), `\n\n@article{xiao2024sinks, title={A Different Paper Entirely About Parsing}, year={2020}}\n`);
    const library = await Library.open({ sources: [...sources, { file: path.join(dir, 'other.bib'), role: 'bibliography' }] });
    assert.equal(library.errors.length, 1);
    assert.equal(library.errors[0].file, path.join(dir, 'other.bib'));
    assert.equal(library.errors[0].line, 3);
    assert.match(library.errors[0].message, /"xiao2024sinks" is already used by .*refs\.bib:1/);
    assert.equal(library.errors[0].severity, 'warning');
    assert.equal(library.index.get('xiao2024sinks')!.title, 'Efficient Streaming Language Models with Attention Sinks');
  });

  it('loads from the cache when no source changed, and rebuilds when one did', async () => {
    const cacheDir = path.join(dir, 'cache');
    const first = await Library.open({ sources, cacheDir });
    assert.equal(first.fromCache, false);
    const second = await Library.open({ sources, cacheDir });
    assert.equal(second.fromCache, true);
    assert.deepEqual(
      rankText(second.index, 'subword units').map((s) => s.record.id),
      rankText(first.index, 'subword units').map((s) => s.record.id),
    );
    fs.appendFileSync(path.join(dir, 'refs.bib'), '@misc{new2025, title={Byte Latent Transformer}}\n');
    const third = await Library.open({ sources, cacheDir });
    assert.equal(third.fromCache, false);
    assert.ok(third.index.get('new2025'));
  });

  it('rebuilds when the cached index does not fit the cached records', async () => {
    const cacheDir = path.join(dir, 'cache');
    await Library.open({ sources, cacheDir });
    const key = cacheKey(await Promise.all(sources.map(async (s) => ({ ...s, fingerprint: await DISK_READER.fingerprint(s.file) }))));
    const cached = (await readCache(cacheDir, key))!;
    cached.index.frozenIds = cached.index.frozenIds.map((id) => `${id}-other`);
    await writeCache(cacheDir, cached);
    const reopened = await Library.open({ sources, cacheDir });
    assert.equal(reopened.fromCache, false);
    assert.equal(rankText(reopened.index, 'subword units')[0].record.id, 'P16-1162');
  });

  it('merges a warm start by the duplicate groups the cache kept, and matches again when they do not fit', async () => {
    const cacheDir = path.join(dir, 'cache');
    await Library.open({ sources, cacheDir });
    const key = cacheKey(await Promise.all(sources.map(async (s) => ({ ...s, fingerprint: await DISK_READER.fingerprint(s.file) }))));
    const cached = (await readCache(cacheDir, key))!;
    assert.equal(cached.duplicateRoots?.length, 3, 'two corpus papers and one .bib entry');
    assert.deepEqual([...cached.duplicateRoots!], [0, 0, 2], 'the .bib entry first, then its corpus copy in its group');
    // Groups saying nothing merges: the warm start follows them rather than matching titles again,
    // and the index written for the merged records no longer fits, so it rebuilds.
    await writeCache(cacheDir, { ...cached, duplicateRoots: Int32Array.of(0, 1, 2) });
    assert.equal((await Library.open({ sources, cacheDir })).fromCache, false);
    await writeCache(cacheDir, { ...cached, duplicateRoots: Int32Array.of(0, 1) });
    const refit = await Library.open({ sources, cacheDir });
    assert.equal(refit.fromCache, true, 'groups of another length are found again');
    assert.equal(refit.index.get('xiao2024sinks')!.inBibliography, true);
    assert.equal(refit.size, 2);
  });

  it('reports a missing source and still loads the others', async () => {
    const library = await Library.open({ sources: [...sources, { file: path.join(dir, 'nope.bib'), role: 'bibliography' }] });
    assert.equal(library.size, 2);
    assert.equal(library.errors.length, 1);
    assert.equal(library.errors[0].file, path.join(dir, 'nope.bib'));
  });
});

describe('Library.open with fetched abstracts', () => {
  const TITLE_ONLY = `@article{bpe,
  title = {Neural Machine Translation of Rare Words with Subword Units},
  year = {2016},
  doi = {10.18653/v1/P16-1162}
}
@article{plain, title = {A Paper Without Any Identifier}, year = {2020}}
`;
  let dir: string;
  let bib: string;
  let sources: SourceSpec[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-library-abs-'));
    bib = path.join(dir, 'refs.bib');
    fs.writeFileSync(bib, TITLE_ONLY);
    sources = [{ file: bib, role: 'bibliography' }];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lookup = (map: Record<string, string>, version = 'v1'): AbstractLookup => ({
    version,
    get: (r) => (r.doi ? map[`doi:${r.doi}`] : undefined),
  });

  it('finds a title-only .bib entry by a word only its fetched abstract has; the .bib and source results are unchanged', async () => {
    const before = fs.readFileSync(bib);
    const without = await Library.open({ sources });
    assert.deepEqual(rankText(without.index, 'agglutinative'), []);
    const library = await Library.open({ sources, abstracts: lookup({ 'doi:10.18653/v1/p16-1162': 'Byte pair encoding handles agglutinative languages.' }) });
    assert.deepEqual(rankText(library.index, 'agglutinative').map((s) => s.record.id), ['bpe']);
    assert.match(library.index.get('bpe')!.abstract!, /agglutinative/);
    assert.equal(library.index.get('plain')!.abstract, undefined);
    assert.equal(library.sourceResult(bib)!.records.find((r) => r.id === 'bpe')!.abstract, undefined, 'source results are not mutated');
    assert.ok(fs.readFileSync(bib).equals(before), 'the .bib is byte-identical');
  });

  it('never replaces an abstract the sources give', async () => {
    fs.writeFileSync(bib, '@article{own, title={T}, abstract={Mine.}, doi={10.1/own}}\n');
    const library = await Library.open({ sources, abstracts: lookup({ 'doi:10.1/own': 'Fetched.' }) });
    assert.equal(library.index.get('own')!.abstract, 'Mine.');
  });

  it('rebuilds the cached index when the abstract store changes, and keeps the abstracts on reload', async () => {
    const cacheDir = path.join(dir, 'cache');
    const store = new AbstractStore(path.join(cacheDir, 'online', 'abstracts.json'));
    assert.equal(await store.lookup(), undefined, 'no store, no lookup');
    await store.add(new Map([['doi:10.18653/v1/p16-1162', 'Segmentation into agglutinative subwords.']]));
    const first = await Library.open({ sources, cacheDir, abstracts: await store.lookup() });
    assert.equal(first.fromCache, false);
    const second = await Library.open({ sources, cacheDir, abstracts: await store.lookup() });
    assert.equal(second.fromCache, true);
    assert.deepEqual(rankText(second.index, 'agglutinative').map((s) => s.record.id), ['bpe'], 'the cached index has the abstract');
    await store.add(new Map([['doi:10.18653/v1/p16-1162', 'Segmentation with a morphological lexicon.']]));
    const third = await Library.open({ sources, cacheDir, abstracts: await store.lookup() });
    assert.equal(third.fromCache, false, 'a changed store is a new cache key');
    assert.deepEqual(rankText(third.index, 'morphological').map((s) => s.record.id), ['bpe']);
    assert.deepEqual(rankText(third.index, 'agglutinative'), []);
    const plain = await Library.open({ sources, cacheDir });
    assert.equal(plain.fromCache, false, 'without the store, not the index built with it');
    fs.appendFileSync(bib, '@misc{new2025, title={Byte Latent Transformer}}\n');
    await third.reload(bib);
    assert.deepEqual(rankText(third.index, 'morphological').map((s) => s.record.id), ['bpe']);
    assert.ok(third.index.get('new2025'));
  });

  it('setAbstracts re-indexes only the records a new store fills, and caches under the new key', async () => {
    const cacheDir = path.join(dir, 'cache');
    fs.appendFileSync(bib, '@article{other, title={Another Paper}, doi={10.5555/other}}\n');
    const library = await Library.open({ sources, cacheDir, abstracts: lookup({ 'doi:10.5555/other': 'Kept as it was.' }) });
    const other = library.index.get('other');
    assert.deepEqual(rankText(library.index, 'agglutinative'), []);
    const changes = library.setAbstracts(lookup({ 'doi:10.5555/other': 'Kept as it was.', 'doi:10.18653/v1/p16-1162': 'Agglutinative subwords.' }, 'v2'));
    assert.deepEqual(changes, { added: 0, removed: 0, replaced: 1 });
    assert.deepEqual(rankText(library.index, 'agglutinative').map((s) => s.record.id), ['bpe']);
    assert.equal(library.index.get('other'), other, 'a record whose abstract is the same is left alone');
    await library.save(cacheDir);
    const reopened = await Library.open({ sources, cacheDir, abstracts: lookup({ 'doi:10.5555/other': 'Kept as it was.', 'doi:10.18653/v1/p16-1162': 'Agglutinative subwords.' }, 'v2') });
    assert.equal(reopened.fromCache, true);
    assert.deepEqual(library.setAbstracts(undefined), { added: 0, removed: 0, replaced: 2 });
    assert.deepEqual(rankText(library.index, 'agglutinative'), []);
  });
});

describe('Library#reload', () => {
  it('re-indexes only the changed source', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-library-'));
    try {
      fs.writeFileSync(path.join(dir, 'refs.bib'), BIB);
      fs.writeFileSync(path.join(dir, 'corpus.jsonl'), CORPUS);
      const bib = path.join(dir, 'refs.bib');
      const library = await Library.open({ sources: [{ file: path.join(dir, 'corpus.jsonl'), role: 'corpus' }, { file: bib, role: 'bibliography' }] });
      const untouched = library.index.get('P16-1162');
      fs.appendFileSync(bib, '@misc{blt2024, title={Byte Latent Transformer: Patches Scale Better Than Tokens}}\n');
      const stats = await library.reload(bib);
      assert.equal(stats.added, 1);
      assert.equal(stats.removed, 0);
      assert.equal(library.index.get('P16-1162'), untouched, 'records of other sources are not re-indexed');
      assert.equal(rankText(library.index, 'latent patches')[0].record.id, 'blt2024');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Library with an overlay reader (unsaved editors)', () => {
  const file = '/mem/refs.bib';
  const reader = new OverlayReader(NO_FILES);
  beforeEach(() => reader.set(file, BIB));

  it('indexes a key typed into an overlaid .bib on reload, and skips a reload that would read the same text', async () => {
    const library = await Library.open({ sources: [{ file, role: 'bibliography' }], reader, cacheDir: undefined });
    assert.equal(library.index.get('vaswani2017attention'), undefined);
    reader.set(file, `${BIB}@inproceedings{vaswani2017attention, title={Attention Is All You Need}, year={2017}}\n`);
    const changes = await library.reload(file);
    assert.equal(changes.added, 1);
    assert.equal(changes.unchanged, undefined);
    assert.equal(library.index.get('vaswani2017attention')?.title, 'Attention Is All You Need');
    assert.deepEqual(await library.reload(file), { added: 0, removed: 0, replaced: 0, unchanged: true });
  });

  it('keys the cache by what was read, so a restart with the same text (saved meanwhile) loads it', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-overlay-cache-'));
    try {
      const disk = path.join(cacheDir, 'refs.bib');
      fs.writeFileSync(disk, BIB);
      const overlay = new OverlayReader();
      const library = await Library.open({ sources: [{ file: disk, role: 'bibliography' }], reader: overlay, cacheDir });
      overlay.set(disk, `${BIB}@misc{typed2025, title={Typed Before Saving}}\n`);
      await library.reload(disk);
      await library.save(cacheDir);
      const beforeSave = await Library.open({ sources: [{ file: disk, role: 'bibliography' }], cacheDir });
      assert.equal(beforeSave.fromCache, true, 'the cache of the disk text is still there');
      assert.equal(beforeSave.index.get('typed2025'), undefined);
      fs.writeFileSync(disk, `${BIB}@misc{typed2025, title={Typed Before Saving}}\n`);
      const afterSave = await Library.open({ sources: [{ file: disk, role: 'bibliography' }], cacheDir });
      assert.equal(afterSave.fromCache, true);
      assert.equal(afterSave.index.get('typed2025')?.title, 'Typed Before Saving');
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('Library#save after a reload', () => {
  it('caches an index that holds both segments; the next start loads it and ranks alike', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-library-'));
    try {
      fs.writeFileSync(path.join(dir, 'refs.bib'), BIB);
      fs.writeFileSync(path.join(dir, 'corpus.jsonl'), CORPUS);
      const bib = path.join(dir, 'refs.bib');
      const cacheDir = path.join(dir, 'cache');
      const sources: SourceSpec[] = [{ file: path.join(dir, 'corpus.jsonl'), role: 'corpus' }, { file: bib, role: 'bibliography' }];
      const library = await Library.open({ sources, cacheDir });
      // The .bib entry is replaced (a tombstone in the frozen segment) and one is added (live).
      fs.writeFileSync(bib, `${BIB.replace('Attention Sinks', 'Attention Sinks and Windows')}@misc{blt2024, title={Byte Latent Transformer: Patches Scale Better Than Tokens}}\n`);
      await library.reload(bib);
      await library.save(cacheDir);
      const restarted = await Library.open({ sources, cacheDir });
      assert.equal(restarted.fromCache, true);
      assert.equal(restarted.size, library.size);
      for (const text of ['latent patches', 'attention sinks windows', 'subword units']) {
        assert.deepEqual(
          rankText(restarted.index, text).map((s) => [s.record.id, s.score]),
          rankText(library.index, text).map((s) => [s.record.id, s.score]),
          text,
        );
      }
      assert.equal(rankText(restarted.index, 'latent patches')[0].record.id, 'blt2024');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Library#setSources', () => {
  it('reads only new sources, drops removed ones and keeps the rest as they were', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-library-'));
    try {
      const corpus = path.join(dir, 'corpus.jsonl');
      const bib = path.join(dir, 'refs.bib');
      fs.writeFileSync(corpus, CORPUS);
      fs.writeFileSync(bib, BIB);
      const library = await Library.open({ sources: [{ file: corpus, role: 'corpus' }] });
      const kept = library.index.get('P16-1162');
      let stats = await library.setSources([{ file: corpus, role: 'corpus' }, { file: bib, role: 'bibliography' }]);
      assert.equal(library.index.get('P16-1162'), kept);
      assert.equal(library.index.get('xiao2024sinks')?.inBibliography, true, 'the corpus copy merged into the .bib entry');
      assert.equal(library.index.get('arxiv-sinks'), undefined);
      assert.deepEqual(stats, { added: 1, removed: 1, replaced: 0 });
      stats = await library.setSources([{ file: corpus, role: 'corpus' }]);
      assert.ok(library.index.get('arxiv-sinks'), 'the corpus record is back once the .bib is gone');
      assert.equal(library.size, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { libraryRecordOf } from '../../../src/core/index/sameWork';
import { mergeOnline, resolveOnline } from '../../../src/core/online/merge';
import type { PaperRecord } from '../../../src/core/model';
import { rankText } from '../../../src/core/rank/rank';
import { paper } from '../helpers';

const online = (id: string, title: string, fields: Partial<PaperRecord> = {}): PaperRecord => ({
  ...paper(id, title, fields),
  origin: { kind: 'online', file: 'arXiv' },
});

const SINKS = 'Efficient Streaming Language Models with Attention Sinks';

describe('mergeOnline', () => {
  it('keeps the local ranking first and adds only online papers the results lack, marked online', () => {
    const local = [paper('sinks', SINKS, { arxiv: '2309.17453' }), paper('bpe', 'Neural Machine Translation of Rare Words with Subword Units')];
    const index = PaperIndex.build(local);
    const localRanked = rankText(index, 'attention sinks', { limit: 5 });
    const answers = [
      online('arxiv:2309.17453', SINKS, { arxiv: '2309.17453' }),
      online('arxiv:2502.11111', 'Attention Sinks Emerge in Every Transformer We Tried'),
      online('arxiv:1', 'Something Entirely Different About Protein Folding'),
    ];
    const merged = mergeOnline(index, 'attention sinks', localRanked, answers, 5);
    assert.deepEqual(merged.map((s) => s.record.id), ['sinks', 'arxiv:2502.11111', 'arxiv:1']);
    assert.deepEqual(merged.slice(0, localRanked.length), localRanked, 'local results unchanged');
    for (let i = 1; i < merged.length; i++) assert.ok(merged[i].score <= merged[i - 1].score);
  });

  it('an online paper the .bib holds outside the results shown comes as the library card, with its badges, once', () => {
    const bib = paper('xiao2024sinks', SINKS, { key: 'xiao2024sinks', inBibliography: true, year: 2024, authors: ['Guangxuan Xiao'], origin: { kind: 'bibtex', file: 'refs.bib', line: 3 } });
    const corpus = Array.from({ length: 30 }, (_, i) => paper(`c${i}`, `Attention Sinks Study Number ${i} of Many`));
    const index = PaperIndex.build([bib, ...corpus]);
    const shown = rankText(index, 'attention sinks study', { limit: 3 });
    assert.ok(!shown.some((s) => s.record.id === 'xiao2024sinks'), 'not among the cards shown');
    const answers = [
      online('s2:abc', 'Efficient streaming language models with attention sinks', { arxiv: '2309.17453', year: 2024, authors: ['G. Xiao'] }),
      online('arxiv:2309.17453', SINKS, { arxiv: '2309.17453' }),
      online('s2:new', 'Attention Sinks in Vision Transformers Registers'),
    ];
    const merged = mergeOnline(index, 'attention sinks', shown, answers, 10, { citedKeys: new Set(['xiao2024sinks']) });
    const section = merged.slice(shown.length);
    assert.deepEqual(section.map((s) => s.record.id).sort(), ['s2:new', 'xiao2024sinks']);
    const card = section.find((s) => s.record.id === 'xiao2024sinks')!;
    assert.equal(card.record, bib, "the library's record, not the online copy");
    assert.equal(card.inBibliography, true);
    assert.equal(card.alreadyCited, true);
  });

  it('gives no online section when every answer is among the results shown', () => {
    const index = PaperIndex.build([paper('sinks', SINKS, { doi: '10.5555/sinks' })]);
    const shown = rankText(index, 'attention sinks');
    assert.deepEqual(mergeOnline(index, 'attention sinks', shown, [online('x', 'Another Title Entirely Here', { doi: '10.5555/SINKS' })], 10), shown);
  });
});

describe('libraryRecordOf', () => {
  const bib = paper('k1', 'Neural Machine Translation of Rare Words with Subword Units', { key: 'k1', inBibliography: true, year: 2016, authors: ['Rico Sennrich'] });
  const corpusCopy = paper('P16-1162', 'Neural Machine Translation of Rare Words with Subword Units', { doi: '10.18653/v1/P16-1162', year: 2016, authors: ['Rico Sennrich'] });

  it('finds a work by DOI, by arXiv id or by title, preferring the .bib entry', () => {
    const index = PaperIndex.build([corpusCopy, bib]);
    assert.equal(libraryRecordOf(index, online('o1', 'A Title That Does Not Match', { doi: '10.18653/v1/p16-1162' })), corpusCopy);
    assert.equal(libraryRecordOf(index, online('o2', 'neural machine translation of rare words with subword units', { year: 2016 })), bib);
  });

  it('keeps apart a same-titled work of another year and first author', () => {
    const index = PaperIndex.build([bib]);
    assert.equal(libraryRecordOf(index, online('o3', bib.title, { year: 2021, authors: ['Someone Else'] })), undefined);
  });

  it('sees records added to the index after its first use', () => {
    const index = PaperIndex.build([bib]);
    const later = paper('later', 'A Paper Added After The First Online Search', { arxiv: '2401.00001' });
    assert.equal(libraryRecordOf(index, online('o4', 'x', { arxiv: '2401.00001' })), undefined);
    index.update([bib, later]);
    assert.equal(libraryRecordOf(index, online('o4', 'x', { arxiv: '2401.00001' })), later);
  });
});

describe('resolveOnline', () => {
  it('keeps the providers’ order and lists each work once', () => {
    const bib = paper('k', 'Language Models are Few-Shot Learners', { key: 'k', inBibliography: true, arxiv: '2005.14165' });
    const index = PaperIndex.build([bib]);
    const list = resolveOnline(index, [online('a', 'First Recommended Paper Here'), online('b', 'x', { arxiv: '2005.14165' }), online('c', 'y', { arxiv: '2005.14165' })]);
    assert.deepEqual(list.map((s) => [s.record.id, s.inBibliography]), [['a', false], ['k', true]]);
  });
});

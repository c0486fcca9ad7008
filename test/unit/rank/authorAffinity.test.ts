import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { AuthorProfile, authorKey, bibliographyProfile } from '../../../src/core/rank/authorAffinity';
import { rankingParameters } from '../../../src/core/rank/parameters';
import { rankText } from '../../../src/core/rank/rank';
import { paper } from '../helpers';

const bib = (key: string, title: string, authors: string[]) =>
  paper(key, title, { key, authors, inBibliography: true, origin: { kind: 'bibtex', file: 'refs.bib' } });

describe('authorKey', () => {
  it('is the surname\'s index term and the first initial, however the given name is written', () => {
    assert.equal(authorKey('Jacob Devlin'), 'devlin j');
    assert.equal(authorKey('J. Devlin'), 'devlin j');
    assert.equal(authorKey('Ming-Wei Chang'), 'chang m');
  });
  it('folds accents and skips a suffix after the surname', () => {
    assert.equal(authorKey('Zoé Müller'), authorKey('Zoe Muller'));
    assert.equal(authorKey('Martin Luther King Jr.'), authorKey('M. King'));
  });
  it('tells apart authors who share a surname but not an initial', () => {
    assert.notEqual(authorKey('Jacob Devlin'), authorKey('Ann Devlin'));
  });
  it('has no key for a surname the index does not keep', () => {
    assert.equal(authorKey('Kaiming He'), undefined);
    assert.equal(authorKey(''), undefined);
  });
});

describe('AuthorProfile', () => {
  const profile = AuthorProfile.of([
    { authors: ['Yanai Elazar', 'Yoav Goldberg'] },
    { authors: ['Shauli Ravfogel', 'Yoav Goldberg'] },
    { authors: ['Percy Liang'] },
  ]);
  it('grows with each shared author and each entry listing them, ever more slowly', () => {
    const goldberg = profile.affinityOf({ authors: ['Y. Goldberg'] });
    const liang = profile.affinityOf({ authors: ['Percy Liang'] });
    const both = profile.affinityOf({ authors: ['Yoav Goldberg', 'Percy Liang'] });
    assert.equal(liang, Math.log(1 + Math.log(2)));
    assert.equal(goldberg, Math.log(1 + Math.log(3)));
    assert.ok(both > goldberg && both < goldberg + liang, `${both}`);
  });
  it('is 0 for a paper by none of its authors, and counts an author named twice once', () => {
    assert.equal(profile.affinityOf({ authors: ['Jacob Devlin'] }), 0);
    assert.equal(profile.affinityOf({ authors: ['Percy Liang', 'P. Liang'] }), profile.affinityOf({ authors: ['Percy Liang'] }));
  });

  describe('affinities', () => {
    const corpus = [
      paper('goldberg', 'A primer on neural network models', { authors: ['Yoav Goldberg'] }),
      paper('other-goldberg', 'Chess openings', { authors: ['Zed Goldberg'] }),
      paper('devlin', 'BERT', { authors: ['Jacob Devlin'] }),
      bib('elazar2021', 'Measuring consistency', ['Yanai Elazar', 'Yoav Goldberg']),
    ];
    it('finds the papers outside the bibliography by a profile author, and only those', () => {
      const index = PaperIndex.build(corpus);
      const values = profile.affinities(index);
      assert.deepEqual(
        [...values.keys()].map((r) => r.id),
        ['goldberg'],
      );
      assert.equal(values.get(index.get('goldberg')!), profile.affinityOf({ authors: ['Yoav Goldberg'] }));
    });
    it('follows the index as records come and go', () => {
      const index = PaperIndex.build(corpus);
      assert.equal(profile.affinities(index).size, 1);
      index.add(paper('liang', 'Semantic parsing', { authors: ['Percy Liang'] }));
      assert.deepEqual([...profile.affinities(index).keys()].map((r) => r.id).sort(), ['goldberg', 'liang']);
      index.remove('goldberg');
      assert.deepEqual([...profile.affinities(index).keys()].map((r) => r.id), ['liang']);
    });
  });

  it('of an index is the authors of its bibliography entries, and follows them', () => {
    const index = PaperIndex.build([bib('a', 'x', ['Percy Liang']), paper('b', 'y', { authors: ['Jacob Devlin'] })]);
    assert.equal(bibliographyProfile(index).size, 1);
    index.add(bib('c', 'z', ['Jacob Devlin']));
    assert.equal(bibliographyProfile(index).size, 2);
  });
});

describe('ranking with the authors the user cites', () => {
  // Two corpus papers the passage matches equally (ties keep index order: 'kb' first); the
  // user's .bib cites an author of the other.
  const records = () => [
    paper('kb', 'Knowledge bases from language models', { authors: ['Ann Other', 'Bob Other'] }),
    paper('lama', 'Language models as knowledge bases', { authors: ['Fabio Petroni', 'Sebastian Riedel'] }),
    bib('petroni2020how', 'How context affects language models factual predictions', ['Fabio Petroni', 'Patrick Lewis']),
  ];
  const passage = 'can knowledge bases be read from language models';
  const order = (index: PaperIndex, p = {}) =>
    rankText(index, passage, { parameters: rankingParameters(p), filter: (r) => !r.inBibliography }).map((s) => s.record.id);

  it('puts the paper by an author of the bibliography first when the passage cannot tell', () => {
    const index = PaperIndex.build(records());
    const plain = order(index, { authorFirstStage: 0, authorWeight: 0 });
    assert.deepEqual(plain, ['kb', 'lama'], 'without the profile the tie keeps index order (the premise of this test)');
    assert.deepEqual(order(index, { authorFirstStage: 0, authorWeight: 1 }), ['lama', 'kb']);
  });
  it('brings such a paper into the first stage\'s candidates', () => {
    const index = PaperIndex.build(records());
    const depthOne = { rerankDepth: 1, nameMatches: 0 };
    assert.deepEqual(rankText(index, passage, { limit: 1, parameters: rankingParameters({ ...depthOne, authorFirstStage: 0 }), filter: (r) => !r.inBibliography }).map((s) => s.record.id), ['kb']);
    assert.deepEqual(rankText(index, passage, { limit: 1, parameters: rankingParameters({ ...depthOne, authorFirstStage: 1 }), filter: (r) => !r.inBibliography }).map((s) => s.record.id), ['lama']);
  });
  it('reads a profile given in place of the index\'s own bibliography', () => {
    const index = PaperIndex.build(records().slice(0, 2));
    const profile = AuthorProfile.of([{ authors: ['F. Petroni'] }]);
    const ranked = (p: object) => rankText(index, passage, { parameters: rankingParameters(p), profile }).map((s) => s.record.id);
    assert.deepEqual(ranked({ authorWeight: 0 }), ['kb', 'lama']);
    assert.deepEqual(ranked({ authorWeight: 1 }), ['lama', 'kb']);
  });
  it('leaves the bibliography\'s own entries as the text ranks them', () => {
    const index = PaperIndex.build([
      bib('a', 'Language models as knowledge bases', ['Fabio Petroni']),
      bib('b', 'Knowledge bases from language models', ['Ann Other']),
      bib('c', 'Unrelated', ['Fabio Petroni']),
    ]);
    const ids = (p: object) => rankText(index, passage, { parameters: rankingParameters(p) }).map((s) => s.record.id);
    assert.deepEqual(ids({ authorFirstStage: 4, authorWeight: 2 }), ids({ authorFirstStage: 0, authorWeight: 0 }));
  });
});

import * as assert from 'node:assert/strict';
import type { Suggestion } from '../../../src/core/rank/rank';
import { etAl, linkHost, shortAuthors, shortVenue, toPaperDtos } from '../../../src/extension/sidebar/format';

describe('sidebar display strings', () => {
  it('authors shortened by last name', () => {
    const four = ['Guangxuan Xiao', 'Yuandong Tian', 'Beidi Chen', 'Mike Lewis'];
    assert.equal(shortAuthors(four), 'Xiao, Tian, … Lewis');
    assert.equal(etAl(four), 'Xiao et al.');
    assert.equal(shortAuthors(['Gertjan van Noord', 'Ada Lovelace']), 'van Noord and Lovelace');
    assert.equal(shortAuthors([]), '');
  });

  it('venues shortened to the usual acronym or a few words', () => {
    assert.equal(shortVenue('Advances in Neural Information Processing Systems'), 'NeurIPS');
    assert.equal(
      shortVenue('Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational Linguistics: Human Language Technologies'),
      'NAACL',
    );
    assert.equal(shortVenue('Proceedings of the Workshop on Hostile Inputs (WHI)'), 'WHI');
    assert.equal(shortVenue('Hugging Face Daily Papers'), 'Hugging Face Daily Papers');
    assert.ok(shortVenue('An Extremely Long Venue Name That Goes On and On Forever')!.length <= 36);
  });

  it('links and relevance', () => {
    assert.equal(linkHost({ doi: '10.1/x' }), 'doi.org');
    assert.equal(linkHost({ arxiv: '2309.17453' }), 'arxiv.org');
    assert.equal(linkHost({ url: 'https://www.aclweb.org/x' }), 'aclweb.org');
    assert.equal(linkHost({}), undefined);
    const s = (id: string, score: number): Suggestion => ({
      record: { id, title: id, authors: [], origin: { kind: 'default', file: 'x' }, inBibliography: false },
      score,
      matchedTerms: [],
      alreadyCited: false,
      inBibliography: false,
    });
    assert.deepEqual(toPaperDtos([s('a', 8), s('b', 2)]).map((p) => p.relevance), [1, 0.25]);
    // Past the first three, one matched word and a fifth of the best score: folded.
    const list = [10, 9, 8, 1.5, 1.5, 5].map((score, i) => ({ ...s(`p${i}`, score), matchedTerms: i === 4 ? ['see', 'beyond'] : ['see'] }));
    assert.deepEqual(toPaperDtos(list).map((p) => p.weak === true), [false, false, false, true, false, false]);
  });

  it('strings from outside reach the view without controls or bidi overrides', () => {
    const [dto] = toPaperDtos([{
      record: { id: 'h', title: 'Safe \u001b[2Jtitle \u202Eexe', authors: ['Eve \u0007Red'], venue: 'V\u009b1', abstract: 'A\u0000b\nc', origin: { kind: 'online', file: 'Semantic Scholar' }, inBibliography: false },
      score: 1, matchedTerms: [], alreadyCited: false, inBibliography: false,
    }]);
    assert.equal(dto!.title, 'Safe [2Jtitle exe');
    assert.equal(dto!.authorsFull, 'Eve Red');
    assert.equal(dto!.venue, 'V1');
    assert.equal(dto!.abstract, 'Ab\nc');
  });
});

import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { rankPassages, rankText } from '../../../src/core/rank/rank';
import { paper } from '../helpers';

const index = () =>
  PaperIndex.build([
    paper('sinks', 'Efficient Streaming Language Models with Attention Sinks', {
      key: 'xiao2024efficient',
      abstract: 'Window attention fails when the text length surpasses the cache size; keeping initial tokens as attention sinks recovers it.',
      inBibliography: true,
    }),
    paper('bpe', 'Neural Machine Translation of Rare Words with Subword Units', {
      key: 'sennrich2016neural',
      abstract: 'Byte pair encoding segments rare words into subword units for open-vocabulary translation.',
    }),
    paper('prune', 'Token Pruning for Vision Transformers', { abstract: 'Pruning visual tokens speeds up inference of vision transformers.' }),
  ]);

describe('rankText', () => {
  it('puts the paper the passage is about first and says which words matched', () => {
    const [first] = rankText(index(), 'Streaming deployment breaks window attention unless the first tokens are kept as attention sinks.');
    assert.equal(first.record.id, 'sinks');
    assert.ok(first.matchedTerms.includes('sinks'), first.matchedTerms.join());
    assert.ok(first.matchedTerms.includes('Streaming'));
  });
  it('flags papers already cited and papers in the bibliography', () => {
    const results = rankText(index(), 'rare words and subword units; attention sinks', { citedKeys: new Set(['sennrich2016neural']) });
    const byId = new Map(results.map((s) => [s.record.id, s]));
    assert.equal(byId.get('bpe')!.alreadyCited, true);
    assert.equal(byId.get('sinks')!.alreadyCited, false);
    assert.equal(byId.get('sinks')!.inBibliography, true);
    assert.equal(byId.get('bpe')!.inBibliography, false);
  });
  it('returns nothing for text without a single indexed term', () => {
    assert.deepEqual(rankText(index(), 'the of and 2024'), []);
  });
  it('honours the limit and the filter', () => {
    const text = 'tokens attention vision subword';
    assert.equal(rankText(index(), text, { limit: 1 }).length, 1);
    assert.deepEqual(rankText(index(), text, { filter: (r) => r.inBibliography }).map((s) => s.record.id), ['sinks']);
  });
});

describe('rankPassages', () => {
  it('puts the best paper of each passage near the top, where one merged query favours one topic', () => {
    const passages = [
      'Streaming deployment breaks window attention unless the first tokens are kept as attention sinks in the cache.',
      'Vision transformers waste compute on visual tokens; pruning them speeds up inference.',
    ];
    const top2 = rankPassages(index(), passages, { limit: 2 }).map((s) => s.record.id);
    assert.deepEqual(new Set(top2), new Set(['sinks', 'prune']));
  });
  it('merges the matched words of all passages and skips empty ones', () => {
    const [first] = rankPassages(index(), ['attention sinks', '  ', 'streaming sinks'], { limit: 1 });
    assert.equal(first.record.id, 'sinks');
    assert.ok(first.matchedTerms.includes('attention') && first.matchedTerms.includes('streaming'), first.matchedTerms.join());
  });
});

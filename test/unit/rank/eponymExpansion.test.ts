import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { eponymExpansions } from '../../../src/core/rank/eponymExpansion';
import { rankText } from '../../../src/core/rank/rank';
import { paper } from '../helpers';

const zipf = paper('zipf', 'The Psychobiology of Language', { authors: ['George Kingsley Zipf'] });
const others = [
  paper('ttr', 'Measuring lexical diversity with type-token ratios', { authors: ['Ann Smith'], abstract: 'Vocabulary diversity and word frequency in texts.' }),
  paper('mtld', 'Lexical diversity across text lengths', { authors: ['Bo Chen'], abstract: 'Diversity of vocabulary measured over word frequency.' }),
];
const passage = 'Diversity of vocabulary follows the Zipfian rate of word frequency.';

describe('eponymExpansions', () => {
  it('adds the surname behind an adjective when an indexed paper has that author', () => {
    assert.deepEqual(eponymExpansions(PaperIndex.build([zipf, ...others]), passage).map((t) => t.term), ['zipf']);
  });
  it('adds nothing when no author has that name', () => {
    assert.deepEqual(eponymExpansions(PaperIndex.build(others), passage), []);
  });
  it('lets the passage find the named author\'s paper, which shares no other word with it', () => {
    const found = rankText(PaperIndex.build([zipf, ...others]), passage).find((s) => s.record.id === 'zipf');
    assert.ok(found && found.score > 0, 'found by its author');
  });
});

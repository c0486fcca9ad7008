import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { DEFAULT_PARAMETERS, rankingParameters } from '../../../src/core/rank/parameters';
import { rankText } from '../../../src/core/rank/rank';
import { paper } from '../helpers';

describe('rankingParameters', () => {
  it('applies overrides to the defaults', () => {
    assert.equal(rankingParameters({ maxTerms: 20 }).maxTerms, 20);
    assert.equal(rankingParameters({ maxTerms: 20 }).rerankDepth, DEFAULT_PARAMETERS.rerankDepth);
  });
  it('refuses a name it does not know, so a misspelt parameter cannot pass for a measurement', () => {
    assert.throws(() => rankingParameters({ maxTerm: 20 } as never), /unknown ranking parameter "maxTerm"/);
  });
});

describe('rankText parameters', () => {
  const index = PaperIndex.build([
    paper('bert', 'BERT: Pre-training of Deep Bidirectional Transformers'),
    paper('use', 'Fine-tuning pre-trained transformers for sentiment', { abstract: 'We fine-tune BERT and other transformers on sentiment data.' }),
  ]);
  const passage = 'We fine-tune BERT on sentiment data.';
  it('scales the name bonus by nameMatches, and switches it off at 0', () => {
    const bert = (nameMatches: number) =>
      rankText(index, passage, { parameters: rankingParameters({ nameMatches }) }).find((s) => s.record.id === 'bert')?.score ?? 0;
    assert.ok(bert(0) < bert(2) && bert(2) < bert(4), [bert(0), bert(2), bert(4)].join());
    assert.ok(Math.abs(bert(4) - bert(2) - (bert(2) - bert(0))) < 1e-9, 'the bonus is linear in nameMatches');
  });
  it('keeps only maxTerms query terms', () => {
    const words = rankText(index, passage, { parameters: rankingParameters({ maxTerms: 1 }) }).flatMap((s) => s.matchedTerms);
    assert.equal(new Set(words.filter((w) => w !== 'BERT')).size <= 1, true, words.join());
  });
});

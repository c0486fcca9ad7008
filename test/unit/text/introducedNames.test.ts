import { strict as assert } from 'node:assert';
import { introducedNames } from '../../../src/core/text/introducedNames';

describe('introducedNames', () => {
  it('reads the name an abstract introduces as "NAME, a|an … KIND"', () => {
    assert.deepEqual(
      introducedNames('This work proposes a new benchmark and EmpatheticDialogues, a novel dataset of 25k conversations.'),
      ['empatheticdialogues'],
    );
    assert.deepEqual(introducedNames('We release GPT-2, an unsupervised multitask model.'), ['gpt2']);
    assert.deepEqual(introducedNames('We build ROCStories, a large, crowd-sourced story corpus.'), ['rocstories']);
  });
  it('needs a name-like word: a capital and another capital or a digit', () => {
    assert.deepEqual(introducedNames('Recently, a new model of parsing was proposed.'), []);
    assert.deepEqual(introducedNames('We present Textstat, a library.'), []);
  });
  it('needs a kind within a few words of the article, in the same clause', () => {
    assert.deepEqual(introducedNames('Stories come from ROCStories, a title and five sentences each.'), []);
    assert.deepEqual(introducedNames('We use BLEU, a. Model outputs are scored.'), []);
    assert.deepEqual(introducedNames('We test MultiWOZ, a very large and quite noisy multi-domain dataset.'), []);
    // The kind word of another phrase: PLMs are not introduced as a model here.
    assert.deepEqual(introducedNames('compressing the hidden dimension in BigLM, a dimension critical to model size'), []);
  });
  it('takes no plural acronym for a name', () => {
    assert.deepEqual(introducedNames('pre-trained language models (PLMs), a model family'), []);
    assert.deepEqual(introducedNames('We release PLM2, a model family'), ['plm2']);
  });
  it('lists each name once, and nothing for no abstract', () => {
    assert.deepEqual(introducedNames('XNLI, a benchmark. Results on XNLI, a benchmark for transfer.'), ['xnli']);
    assert.deepEqual(introducedNames(undefined), []);
  });
});

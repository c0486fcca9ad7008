import { strict as assert } from 'node:assert';
import { spelledKeyNames } from '../../../src/core/text/keyNames';

const names = (key: string, title: string, authors: string[] = [], venue?: string) => spelledKeyNames({ key, title, authors, venue, inBibliography: true });

describe('spelledKeyNames', () => {
  it('takes the word of a hand-written key that names the work', () => {
    assert.deepEqual(names('cho2014gru', 'On the Properties of Neural Machine Translation: Encoder-Decoder Approaches', ['Kyunghyun Cho']), ['gru']);
    assert.deepEqual(names('lama', 'Language Models as Knowledge Bases?', ['Fabio Petroni']), ['lama']);
  });
  it('keeps digits that belong to a name, and splits only at a year', () => {
    assert.deepEqual(names('gpt2', 'Language models are unsupervised multitask learners', ['Alec Radford']), ['gpt2']);
    assert.deepEqual(names('mikolov2013word2vec', 'Efficient Estimation of Word Representations in Vector Space', ['Tomas Mikolov']), ['word2vec']);
  });
  it('finds no name in keys made of authors, years and title words', () => {
    assert.deepEqual(names('vaswaniAttentionAllYou2017', 'Attention Is All You Need', ['Ashish Vaswani']), []);
    assert.deepEqual(names('devlin-etal-2019-bert', 'BERT: Pre-training of Deep Bidirectional Transformers', ['Jacob Devlin']), []);
    assert.deepEqual(names('Thimm:2013', 'Inconsistency Measures for Probabilistic Logics', ['Matthias Thimm']), []);
    assert.deepEqual(names('dascoliDeepSymbolicRegression2022', 'Deep Symbolic Regression for Recurrent Sequences', ["Stéphane d'Ascoli"]), []);
    assert.deepEqual(names('muller2019when', 'When does label smoothing help?', ['Rafael Müller']), []);
  });
  it('takes a word that only starts a title word for an abbreviation of it', () => {
    assert.deepEqual(names('liu2019roberta-opt', 'RoBERTa: A Robustly Optimized BERT Pretraining Approach', ['Yinhan Liu']), []);
  });
  it('skips what generated keys and venues put in keys, and hashes', () => {
    assert.deepEqual(names('DBLP:journals/corr/abs-1810-04805', 'BERT: Pre-training', ['Jacob Devlin']), []);
    assert.deepEqual(names('smith2020acl', 'A Study', ['Ann Smith']), []);
    assert.deepEqual(names('NEURIPS2021_4f3d7d38', 'A Study', ['Ann Smith'], 'Advances in Neural Information Processing Systems'), []);
  });
  it('has nothing to say without a key', () => {
    assert.deepEqual(spelledKeyNames({ title: 'A Study', authors: [], inBibliography: true }), []);
  });
});

import * as assert from 'node:assert/strict';
import { keyFit, keyHints, keyQuery, orderByKey } from '../../../src/core/cite/keyHints';
import { paper } from '../helpers';

describe('keyHints', () => {
  it('splits the usual key shapes into words and a year', () => {
    assert.deepEqual(keyHints('vaswani2017attention'), { words: ['vaswani', 'attention'], year: 2017 });
    assert.deepEqual(keyHints('Vaswani:2017:AIY'), { words: ['vaswani', 'aiy'], year: 2017 });
    assert.deepEqual(keyHints('vaswani_attention_2017'), { words: ['vaswani', 'attention'], year: 2017 });
    assert.deepEqual(keyHints('DBLP:conf/nips/VaswaniSPUJGKP17'), { words: ['dblp', 'conf', 'nips', 'vaswani', 'spujgkp'], year: undefined });
    assert.deepEqual(keyHints('Müller2020sparseTransformers'), { words: ['muller', 'sparse', 'transformers'], year: 2020 });
  });

  it('keeps no one-letter pieces, other numbers or repeats', () => {
    assert.deepEqual(keyHints('a1b2-x-99'), { words: [], year: undefined });
    assert.deepEqual(keyHints('lora-lora-2021-2022'), { words: ['lora'], year: 2021 });
    assert.equal(keyQuery('hu2021lora'), 'hu lora');
  });
});

describe('keyFit / orderByKey', () => {
  const attention = paper('a', 'Attention Is All You Need', { authors: ['Ashish Vaswani', 'Noam Shazeer'], year: 2017 });
  const preprint = paper('p', 'Attention Is All You Need', { authors: ['Ashish Vaswani'], year: 2018 });
  const second = paper('s', 'Self-Attention with Relative Positions', { authors: ['Peter Shaw', 'Ashish Vaswani'], year: 2018 });
  const other = paper('o', 'Attention Sinks', { authors: ['Guangxuan Xiao'], year: 2023 });

  it('weighs the first author, the year and the title words', () => {
    const hints = keyHints('vaswani2017attention');
    assert.equal(keyFit(attention, hints), 4);
    assert.equal(keyFit(preprint, hints), 3.5);
    assert.equal(keyFit(second, hints), 1 + 0.5 + 1, 'second author, a year off, the title word');
    assert.equal(keyFit(other, hints), 0.5, 'one of the two words, in the title');
  });

  it('orders papers best fitting first, ties in the given order', () => {
    assert.deepEqual(orderByKey([other, second, preprint, attention], 'vaswani2017attention').map((r) => r.id), ['a', 'p', 's', 'o']);
    assert.deepEqual(orderByKey([other, attention], 'nobody').map((r) => r.id), ['o', 'a']);
  });
});

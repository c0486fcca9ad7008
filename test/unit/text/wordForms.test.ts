import { strict as assert } from 'node:assert';
import { wordForms } from '../../../src/core/text/wordForms';

describe('wordForms', () => {
  it('adds the joined form of a hyphenated word', () => {
    assert.deepEqual(wordForms('sub-word'), ['sub', 'word', 'subword']);
    assert.deepEqual(wordForms('GPT-2'), ['GPT', '2', 'GPT2']);
  });
  it('does not join long hyphenated phrases', () => {
    assert.deepEqual(wordForms('state-of-the-art'), ['state', 'of', 'the', 'art', 'stateoftheart']);
    assert.deepEqual(wordForms('end-to-end-to-end'), ['end', 'to', 'end', 'to', 'end']);
  });
  it('adds the pieces of a word with inner capitals', () => {
    assert.deepEqual(wordForms('SpanBERT'), ['SpanBERT', 'Span', 'BERT']);
    assert.deepEqual(wordForms('ACUTEval'), ['ACUTEval', 'ACUT', 'Eval']);
    assert.deepEqual(wordForms('XLNet'), ['XLNet', 'XL', 'Net']);
  });
  it('keeps plural acronyms and plain words whole', () => {
    assert.deepEqual(wordForms('LLMs'), ['LLMs']);
    assert.deepEqual(wordForms('Transformers'), ['Transformers']);
  });
});

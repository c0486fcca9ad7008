import { strict as assert } from 'node:assert';
import { acronymDefinitions, acronymsIn } from '../../../src/core/text/acronyms';
import { analyze } from '../../../src/core/text/analyze';

describe('acronymDefinitions', () => {
  it('reads an acronym defined in parentheses after the words that spell it', () => {
    const defs = acronymDefinitions('Measuring inter-annotator agreement (IAA) is not standard.');
    assert.deepEqual(defs.get('iaa'), analyze('inter-annotator agreement'));
  });
  it('drops a plural s and skips small words', () => {
    assert.deepEqual(acronymDefinitions('large language models (LLMs) are').get('llm'), analyze('large language models'));
    assert.deepEqual(acronymDefinitions('the Findings of Machine Translation (FMT)').get('fmt'), analyze('Findings of Machine Translation'));
  });
  it('ignores parentheses whose words do not spell the acronym', () => {
    assert.equal(acronymDefinitions('we use BERT (base) and a GRU (RNN)').size, 0);
    assert.equal(acronymDefinitions('results (SOTA) on the benchmark').size, 0);
  });
});

describe('acronymsIn', () => {
  it('finds words written as acronyms', () => {
    assert.deepEqual([...acronymsIn('IAA is low; LLMs and NLU, but not Bert or A')], ['iaa', 'llm', 'nlu']);
  });
});

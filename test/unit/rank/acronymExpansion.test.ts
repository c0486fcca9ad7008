import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { acronymExpansions } from '../../../src/core/rank/acronymExpansion';
import { rankText } from '../../../src/core/rank/rank';
import { paper } from '../helpers';

describe('rankText with acronyms', () => {
  const spelledOut = paper('agreement', 'Agreement Is Overrated: A Plea for Correlation to Assess Human Evaluation Reliability');
  const definer = paper('definer', 'Crowd Workers Rate Chatbots', {
    abstract: 'We collect ratings of chatbots and report inter-annotator agreement (IAA) for each rating scale.',
  });
  const unrelated = paper('parsing', 'Dependency Parsing with Graph Networks', { abstract: 'A parser for many languages.' });
  const text = 'Low IAA makes chatbot ratings hard to trust.';

  it('finds a title that spells out an acronym the passage uses, once some paper defines it', () => {
    const found = rankText(PaperIndex.build([spelledOut, definer, unrelated]), text).find((s) => s.record.id === 'agreement');
    assert.ok(found && found.score > 0, 'the spelled-out title is found by its own words');
    assert.ok(found.matchedTerms.includes('agreement'), found.matchedTerms.join());
  });
  it('prefers the definition the passage itself gives', () => {
    const index = PaperIndex.build([spelledOut, definer, unrelated]);
    const terms = acronymExpansions(index, 'Item agreement analysis (IAA) of labels; IAA was low').map((t) => t.term);
    assert.ok(terms.includes('item') && !terms.includes('inter'), terms.join());
  });
  it('adds nothing when no text defines the acronym', () => {
    assert.deepEqual(acronymExpansions(PaperIndex.build([spelledOut, unrelated]), text), []);
  });
});

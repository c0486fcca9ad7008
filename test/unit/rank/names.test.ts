import { strict as assert } from 'node:assert';
import { PaperIndex } from '../../../src/core/index/paperIndex';
import { namedInPassage } from '../../../src/core/rank/names';
import { DEFAULT_PARAMETERS } from '../../../src/core/rank/parameters';

const MAX_PAPERS_PER_NAME = DEFAULT_PARAMETERS.maxPapersPerName;
import { titleNames } from '../../../src/core/text/titleNames';
import { rankText } from '../../../src/core/rank/rank';
import { analyze } from '../../../src/core/text/analyze';
import { paper } from '../helpers';

describe('titleNames', () => {
  it('takes a short name before the colon', () => {
    assert.deepEqual(titleNames('BERT: Pre-training of Deep Bidirectional Transformers'), ['bert']);
    assert.deepEqual(titleNames('ACUTE-EVAL: Improved Dialogue Evaluation'), analyze('ACUTEEVAL'));
  });
  it('takes an acronym in parentheses', () => {
    assert.deepEqual(titleNames('Vocal Tract Length Perturbation (VTLP) improves speech recognition'), ['vtlp']);
  });
  it('ignores long lead-ins and titles without a name', () => {
    assert.deepEqual(titleNames('Agreement is overrated: a plea for correlation'), []);
    assert.deepEqual(titleNames('Hierarchical Neural Story Generation'), []);
  });
});

// The BERT paper's title shares only "BERT" with the passage; the other abstracts use BERT among more of its words.
const users = Array.from({ length: 6 }, (_, i) =>
  paper(`user${i}`, `Benchmarking adapted models ${i}`, {
    abstract: `We adapt BERT to sentiment data and report what the adapted model gets right ${i}.`,
  }),
);
const others = Array.from({ length: 20 }, (_, i) => paper(`other${i}`, `Parsing, tagging and translation study ${i}`));
const bert = paper('bert', 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding');
const passage = 'We adapt BERT for sentiment classification and probe its layers.';

describe('rankText with title names', () => {
  it('puts the paper a passage names first, above abstracts that merely use the name', () => {
    const index = PaperIndex.build([...users, ...others, bert]);
    const ranked = rankText(index, passage);
    assert.equal(ranked[0].record.id, 'bert', ranked.map((s) => s.record.id).join());
    assert.ok(ranked[0].matchedTerms.includes('BERT'), ranked[0].matchedTerms.join());
  });
  it('without the name in the passage, gives no bonus', () => {
    const index = PaperIndex.build([...users, ...others, bert]);
    assert.notEqual(rankText(index, 'We adapt a model for sentiment classification and probe its layers.')[0]?.record.id, 'bert');
  });
  it('drops a name that too many titles share', () => {
    const same = Array.from({ length: MAX_PAPERS_PER_NAME + 1 }, (_, i) => paper(`s${i}`, `BERT: variant ${i}`));
    assert.equal(namedInPassage(PaperIndex.build(same), { text: passage, terms: analyze(passage) }).size, 0);
    assert.equal(namedInPassage(PaperIndex.build(same.slice(1)), { text: passage, terms: analyze(passage) }).size, MAX_PAPERS_PER_NAME);
  });
  it('sees papers added after the first query, and forgets removed ones', () => {
    const index = PaperIndex.build([...users, ...others]);
    assert.equal(namedInPassage(index, { text: passage, terms: analyze(passage) }).size, 0);
    index.add(bert);
    assert.deepEqual([...namedInPassage(index, { text: passage, terms: analyze(passage) }).keys()].map((r) => r.id), ['bert']);
    index.remove('bert');
    assert.equal(namedInPassage(index, { text: passage, terms: analyze(passage) }).size, 0);
  });
  it('matches a name as spelled, not through its stem', () => {
    const hashtag = paper('explore', '#Exploration: A Study of Count-Based Exploration');
    const index = PaperIndex.build([...users, ...others, hashtag, bert]);
    const named = (text: string) => [...namedInPassage(index, { text, terms: analyze(text) }).keys()].map((r) => r.id);
    assert.deepEqual(named('We explore BERT-based probes.'), ['bert']);
    assert.deepEqual(named('Count-based #Exploration and BERTs.').sort(), ['bert', 'explore']);
  });
  it('takes a word written all in lower case for the ordinary word, not a name', () => {
    const premise = paper('premise', 'PREMISE: Matching-based Prediction for Review Recommendation');
    const index = PaperIndex.build([...users, ...others, premise]);
    const named = (text: string) => [...namedInPassage(index, { text, terms: analyze(text) }).keys()].map((r) => r.id);
    assert.deepEqual(named('Stories given a title and a premise.'), []);
    assert.deepEqual(named('Reviews ranked by Premise.'), ['premise']);
  });
  it('finds the paper whose abstract introduces a name its title lacks, written as separate words', () => {
    const empathetic = paper('empathetic', 'Towards Empathetic Open-domain Conversation Models', {
      abstract: 'We propose a benchmark and EmpatheticDialogues, a novel dataset of 25k conversations.',
    });
    const chit = Array.from({ length: 6 }, (_, i) =>
      paper(`chit${i}`, `Empathetic open-domain conversation ${i}`, { abstract: `Empathetic dialogues about feelings in conversation ${i}.` }),
    );
    const index = PaperIndex.build([...chit, ...others, empathetic]);
    const text = 'We evaluate the bots on PersonaChat and Empathetic Dialogues.';
    const [first] = rankText(index, text);
    assert.equal(first.record.id, 'empathetic');
    assert.ok(first.matchedTerms.includes('Empathetic Dialogues'), first.matchedTerms.join());
    assert.equal(namedInPassage(index, { text: 'empathetic dialogues are hard', terms: analyze('empathetic dialogues are hard') }).size, 0);
  });
  it('prefers a title that gives the name over abstracts that introduce it', () => {
    const user = paper('user', 'Sentiment probes', { abstract: 'We fine-tune BERT, a pre-trained language model, on reviews.' });
    const index = PaperIndex.build([user, bert, ...others]);
    assert.deepEqual([...namedInPassage(index, { text: passage, terms: analyze(passage) }).keys()].map((r) => r.id), ['bert']);
    index.remove('bert');
    assert.deepEqual([...namedInPassage(index, { text: passage, terms: analyze(passage) }).keys()].map((r) => r.id), ['user']);
    index.remove('user');
    assert.equal(namedInPassage(index, { text: passage, terms: analyze(passage) }).size, 0);
  });
  it('respects the filter', () => {
    const index = PaperIndex.build([...users, ...others, bert]);
    assert.equal(namedInPassage(index, { text: passage, terms: analyze(passage) }, (r) => r.id !== 'bert').size, 0);
  });
});

describe('names the user\'s keys give', () => {
  // The GRU paper's title never says GRU; the user's key for it does.
  const gruTitle = 'On the Properties of Neural Machine Translation: Encoder-Decoder Approaches';
  const entry = (id: string, title: string, inBibliography = true) =>
    paper(id, title, { key: id, authors: ['Kyunghyun Cho'], inBibliography, origin: inBibliography ? { kind: 'bibtex', file: 'refs.bib' } : { kind: 'corpus', file: 'test.jsonl' } });
  const rnns = Array.from({ length: 8 }, (_, i) => entry(`rnn${i}`, `Training recurrent layers with hidden units, study ${i}`));
  const text = 'The encoder has two layers of GRUs with 512 hidden units each.';
  const named = (index: PaperIndex, t = text) => [...namedInPassage(index, { text: t, terms: analyze(t) }).keys()].map((r) => r.id);

  it('brings the entry its key names to the top', () => {
    const index = PaperIndex.build([...rnns, entry('cho2014gru', gruTitle)]);
    assert.deepEqual(named(index), ['cho2014gru']);
    assert.equal(rankText(index, text)[0].record.id, 'cho2014gru', rankText(index, text).map((s) => s.record.id).join());
  });
  it('reads only the keys of the user\'s bibliography, and only names the passage capitalises', () => {
    assert.deepEqual(named(PaperIndex.build([...rnns, entry('cho2014gru', gruTitle, false)])), []);
    assert.deepEqual(named(PaperIndex.build([...rnns, entry('cho2014gru', gruTitle)]), 'two layers of gru cells'), []);
  });
  it('keeps key names through the index round trip and forgets a removed entry\'s', () => {
    const records = [...rnns, entry('cho2014gru', gruTitle)];
    const restored = PaperIndex.fromJSON(structuredClone(PaperIndex.build(records).toJSON()), records);
    assert.deepEqual(named(restored), ['cho2014gru']);
    restored.remove('cho2014gru');
    assert.deepEqual(named(restored), []);
  });
});
